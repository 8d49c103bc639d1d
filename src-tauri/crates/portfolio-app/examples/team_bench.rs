//! The learning team through the project's relay on loopback, measured
//! through the application layer the desktop app uses (prints figures,
//! asserts nothing about time):
//!
//! - first sync of a portfolio of RECORDS records (half experiences, half
//!   journal entries in Spanish, Vietnamese, Arabic, Chinese and emoji) with
//!   PHOTOS photos attached, from the student's device to a new advisor device;
//! - save-to-arrival with both apps' background sync running (as in the
//!   desktop app): the student saves a journal entry, how long until it is
//!   in the advisor's store; and the advisor's comment until the student's
//!   device lists it. Against the peer design measured in the same run: the
//!   same loop without live links (a round every `EVERY`, as before).
//!
//! `cargo run --release -p portfolio-app --example team_bench [RECORDS] [PHOTOS] [SAMPLES]`

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use portfolio_app::{App, DataDir};
use portfolio_domain::{AuthorRole, Id, LearnerProfile, RecordData, RecordKind};
use portfolio_sync::fixtures::wait_until;
use portfolio_sync::RelayKind;

/// The timed round of the background loop, as the desktop shell runs it.
const EVERY: Duration = Duration::from_secs(5);

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let records = args.first().copied().unwrap_or(2000);
    let photos = args.get(1).copied().unwrap_or(100);
    let samples = args.get(2).copied().unwrap_or(15);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let root = tempfile::tempdir().unwrap();
    let relay = rt
        .block_on(portfolio_relay::start(portfolio_relay::RelayConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            data_dir: root.path().join("relay"),
        }))
        .unwrap();
    let url = relay.url();
    println!("relay: the project's, {url}; {records} records, {photos} photos, {samples} samples");

    let student = App::open(&DataDir::new(root.path().join("student")), Duration::ZERO).unwrap();
    let learner =
        student.create_learner(LearnerProfile { name: "Maya Nguyễn".into(), ..Default::default() }).unwrap().id;
    let t = Instant::now();
    let body = "Hoy aprendí a centrar una rueda. Hôm nay tôi học cân bánh xe. تعلمت اليوم 今天我学会了 🚲 ".repeat(6);
    let mut items = Vec::with_capacity(records);
    for i in 0..records {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new((i % 300) as u64);
        items.push(if i % 2 == 0 {
            data(
                RecordKind::Experience,
                serde_json::json!({"kind": "internship", "title": format!("Taller {i} 🔧"),
                "organisation": "Bike Works", "start_date": day, "hours": 4, "description": body}),
            )
        } else {
            data(
                RecordKind::Reflection,
                serde_json::json!({"title": format!("Diario {i} ✍️"), "date": day,
                "body": body, "visibility": if i % 4 == 1 { "family" } else { "learning_team" }}),
            )
        });
    }
    student.add_records(learner, AuthorRole::Student, items).unwrap();
    let first = student.list_records(learner, RecordKind::Experience, "").unwrap()[0].meta().id;
    for i in 0..photos {
        // Each photo distinct (content-addressed: identical bytes would be one file).
        let bytes = portfolio_media::hostile::photo_jpeg(2400, 1800, i as u32);
        let target = portfolio_evidence::Target::record(RecordKind::Experience, first);
        student.attach_bytes(&target, &format!("IMG_{i:04}.jpg"), &bytes).unwrap();
    }
    println!("student's portfolio made: {:.1} s", t.elapsed().as_secs_f64());

    student.set_team_relay(learner, &url, RelayKind::Project).unwrap();
    let t = Instant::now();
    let invite = student.invite(learner, AuthorRole::Advisor, "Dr. Rahman").unwrap();
    println!("student: first upload (invite + sync round): {:.2} s", t.elapsed().as_secs_f64());
    let advisor = App::open(&DataDir::new(root.path().join("advisor")), Duration::ZERO).unwrap();
    let t = Instant::now();
    advisor.join_team(&invite.text).unwrap();
    while count(&advisor, learner) < records {
        advisor.sync().unwrap();
    }
    let joined = t.elapsed().as_secs_f64();
    println!(
        "advisor: join + first sync of {} records and {} files: {:.2} s",
        count(&advisor, learner),
        files(&advisor),
        joined
    );
    student.sync().unwrap();

    for (name, live) in [("live links (this design)", true), ("a round every 5 s (the peer design)", false)] {
        let s_bg = student.start_background_sync_with(EVERY, live, |_| {});
        let a_bg = advisor.start_background_sync_with(EVERY, live, |_| {});
        std::thread::sleep(Duration::from_secs(2));
        let mut arrive = Vec::new();
        let mut back = Vec::new();
        for i in 0..samples {
            let title = format!("Entrada {name} {i} 🌱");
            let t = Instant::now();
            let r = student
                .create_record(
                    learner,
                    AuthorRole::Student,
                    data(
                        RecordKind::Reflection,
                        serde_json::json!({"title": title, "date": "2026-12-07",
                    "body": "Aprendí a usar el torno. Tôi học dùng máy tiện.", "visibility": "learning_team"}),
                    ),
                )
                .unwrap();
            let id = r.meta().id;
            if !wait_until(Duration::from_secs(30), || advisor.record(RecordKind::Reflection, id).is_ok()) {
                println!("  sample {i}: did not arrive in 30 s");
                continue;
            }
            arrive.push(t.elapsed().as_secs_f64() * 1000.0);
            let on = format!("reflection:{id}");
            let t = Instant::now();
            advisor.comment(learner, &on, "¡Muy bien! Rất tốt.").unwrap();
            if wait_until(Duration::from_secs(30), || {
                student.comments(learner, &on).map(|c| !c.is_empty()).unwrap_or(false)
            }) {
                back.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        println!("{name}:");
        println!("  student's save -> in the advisor's store: {}", stats(&mut arrive));
        println!("  advisor's comment -> listed on the student's device: {}", stats(&mut back));
        s_bg.stop();
        a_bg.stop();
    }
    student.stop_sync().unwrap();
    advisor.stop_sync().unwrap();
    rt.block_on(relay.stop());
}

fn data(kind: RecordKind, v: serde_json::Value) -> RecordData {
    RecordData::from_json(kind, v).unwrap()
}

fn count(app: &App, learner: Id) -> usize {
    [RecordKind::Experience, RecordKind::Reflection]
        .iter()
        .map(|k| app.list_records(learner, *k, "").unwrap().len())
        .sum()
}

fn files(app: &App) -> usize {
    app.media().list().map(|l| l.len()).unwrap_or(0)
}

fn stats(ms: &mut [f64]) -> String {
    if ms.is_empty() {
        return "no sample arrived".into();
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    format!("median {:.0} ms, p90 {:.0} ms, max {:.0} ms ({} samples)", at(0.5), at(0.9), at(1.0), ms.len())
}
