//! Store benchmark: portfolio-store (sled) against SQLite, in the same run.
//!
//! ```text
//! cargo run --release -p portfolio-durability --features sqlite-peer --example store_bench [-- --sizes 1000,10000,100000]
//! ```
//!
//! For each size N: one learner with N experiences (~400-character
//! descriptions, title, organisation, tags) and a second learner with a few
//! records. Measures: batched insert (`create_many`, 1,000 per call / one SQLite
//! transaction per 1,000), single creates (one save each, a sample), cold open
//! (after drop), listing the learner's experiences newest first with full
//! decode (first after open, then warm), get by id, update and delete (random
//! samples), and size on disk. SQLite: bundled, WAL, `synchronous=NORMAL`, one
//! table per kind with a JSON payload (the same envelope the store writes) and
//! an index on (learner_id, date). Prints figures only; asserts nothing.

use std::path::Path;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use portfolio_domain::{
    AnyRecord, AuthorRole, ExperienceData, Id, Record, RecordData, RecordKind, RecordMeta, Validate,
};
use portfolio_durability::{data, disk_usage};
use portfolio_store::Store;
use rusqlite::{params, Connection, OptionalExtension};

const SAMPLE: usize = 200;
const GETS: usize = 2_000;

#[derive(Clone, Copy)]
enum Unit {
    Ms,
    UsPerOp,
    Mb,
}

struct Figure {
    name: &'static str,
    unit: Unit,
    sled: f64,
    sqlite: f64,
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn us_per(t: Instant, n: usize) -> f64 {
    t.elapsed().as_secs_f64() * 1e6 / n as f64
}

fn experiences(rng: &mut fastrand::Rng, n: usize) -> Vec<RecordData> {
    (0..n).map(|_| data::experience(rng, 400)).collect()
}

fn other_records(rng: &mut fastrand::Rng) -> Vec<RecordData> {
    (0..12).map(|_| data::any_portfolio(rng)).collect()
}

// ----- sled (the real Store) -----

struct SledFigures {
    insert_batch: f64,
    create_one: f64,
    open: f64,
    list_cold: f64,
    list_warm: f64,
    get: f64,
    update: f64,
    delete: f64,
    disk: f64,
    listed: usize,
}

fn bench_sled(dir: &Path, n: usize, seed: u64) -> SledFigures {
    let mut rng = fastrand::Rng::with_seed(seed);
    let store = Store::open(dir).unwrap();
    let a = store.create_learner(data::learner_profile("Ada Bench")).unwrap().id;
    let b = store.create_learner(data::learner_profile("Ben Other")).unwrap().id;
    store.create_many(b, AuthorRole::Student, other_records(&mut rng)).unwrap();
    let items = experiences(&mut rng, n);
    let t = Instant::now();
    let mut ids: Vec<Id> = Vec::with_capacity(n + SAMPLE);
    for chunk in items.chunks(1_000) {
        ids.extend(store.create_many(a, AuthorRole::Student, chunk.to_vec()).unwrap().iter().map(|r| r.meta().id));
    }
    let insert_batch = us_per(t, n);
    let t = Instant::now();
    for _ in 0..SAMPLE {
        ids.push(store.create(a, AuthorRole::Student, data::experience(&mut rng, 400)).unwrap().meta().id);
    }
    let create_one = us_per(t, SAMPLE);
    drop(store);

    let t = Instant::now();
    let store = Store::open(dir).unwrap();
    let open = ms(t);
    let t = Instant::now();
    let listed = store.list(a, RecordKind::Experience, "").unwrap().len();
    let list_cold = ms(t);
    let mut warm = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        store.list(a, RecordKind::Experience, "").unwrap();
        warm.push(ms(t));
    }
    warm.sort_by(f64::total_cmp);
    let t = Instant::now();
    for _ in 0..GETS {
        store.get(RecordKind::Experience, ids[rng.usize(..ids.len())]).unwrap();
    }
    let get = us_per(t, GETS);
    let t = Instant::now();
    for _ in 0..SAMPLE {
        store.update(ids[rng.usize(..ids.len())], data::experience(&mut rng, 400)).unwrap();
    }
    let update = us_per(t, SAMPLE);
    rng.shuffle(&mut ids);
    let t = Instant::now();
    for id in ids.drain(..SAMPLE) {
        store.delete(RecordKind::Experience, id).unwrap();
    }
    let delete = us_per(t, SAMPLE);
    store.flush().unwrap();
    drop(store);
    let disk = disk_usage(dir) as f64 / 1e6;
    SledFigures { insert_batch, create_one, open, list_cold, list_warm: warm[1], get, update, delete, disk, listed }
}

// ----- SQLite peer -----

fn tables() -> [&'static str; 4] {
    ["experiences", "reflections", "goals", "badges"]
}

fn table(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Reflection => "reflections",
        RecordKind::Goal => "goals",
        RecordKind::Badge => "badges",
        _ => "experiences",
    }
}

fn open_sqlite(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "synchronous", "NORMAL").unwrap();
    let mut sql = String::from("CREATE TABLE IF NOT EXISTS learners (id BLOB PRIMARY KEY, payload TEXT NOT NULL);");
    for t in tables() {
        sql.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS {t} (id BLOB PRIMARY KEY, learner_id BLOB NOT NULL, date INTEGER NOT NULL, payload TEXT NOT NULL);
             CREATE INDEX IF NOT EXISTS {t}_by_learner ON {t} (learner_id, date);"
        ));
    }
    c.execute_batch(&sql).unwrap();
    c
}

fn envelope(r: &AnyRecord) -> String {
    let inner = match r {
        AnyRecord::Experience(x) => serde_json::to_value(x),
        AnyRecord::Reflection(x) => serde_json::to_value(x),
        AnyRecord::Goal(x) => serde_json::to_value(x),
        AnyRecord::Badge(x) => serde_json::to_value(x),
        other => serde_json::to_value(other),
    }
    .unwrap();
    serde_json::to_string(&serde_json::json!({"v": 2, "record": inner})).unwrap()
}

fn decode_experience(payload: &str) -> Record<ExperienceData> {
    #[derive(serde::Deserialize)]
    struct Env {
        record: Record<ExperienceData>,
    }
    serde_json::from_str::<Env>(payload).unwrap().record
}

fn days(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

fn new_record(learner: Id, d: RecordData) -> AnyRecord {
    d.validate().unwrap();
    let now = Utc::now();
    let meta = RecordMeta {
        id: portfolio_domain::new_id(),
        learner_id: learner,
        created: now,
        updated: now,
        author_role: AuthorRole::Student,
    };
    AnyRecord::from_parts(meta, d)
}

fn insert(c: &Connection, r: &AnyRecord) {
    let sql = format!("INSERT INTO {} (id, learner_id, date, payload) VALUES (?1, ?2, ?3, ?4)", table(r.kind()));
    c.prepare_cached(&sql)
        .unwrap()
        .execute(params![r.meta().id.as_bytes(), r.meta().learner_id.as_bytes(), days(r.list_date()), envelope(r)])
        .unwrap();
}

fn learner_exists(c: &Connection, id: Id) -> bool {
    c.prepare_cached("SELECT 1 FROM learners WHERE id = ?1")
        .unwrap()
        .query_row([id.as_bytes()], |_| Ok(()))
        .optional()
        .unwrap()
        .is_some()
}

fn list_sqlite(c: &Connection, learner: Id) -> Vec<Record<ExperienceData>> {
    assert!(learner_exists(c, learner));
    let mut st =
        c.prepare_cached("SELECT payload FROM experiences WHERE learner_id = ?1 ORDER BY date DESC, id DESC").unwrap();
    let rows = st.query_map([learner.as_bytes()], |row| row.get::<_, String>(0)).unwrap();
    rows.map(|p| decode_experience(&p.unwrap())).collect()
}

fn bench_sqlite(dir: &Path, n: usize, seed: u64) -> SledFigures {
    let mut rng = fastrand::Rng::with_seed(seed);
    let db = dir.join("portfolio.sqlite3");
    let mut c = open_sqlite(&db);
    let (a, b) = (portfolio_domain::new_id(), portfolio_domain::new_id());
    for (id, name) in [(a, "Ada Bench"), (b, "Ben Other")] {
        let l = serde_json::to_string(&data::learner_profile(name)).unwrap();
        c.execute("INSERT INTO learners (id, payload) VALUES (?1, ?2)", params![id.as_bytes(), l]).unwrap();
    }
    let tx = c.transaction().unwrap();
    for d in other_records(&mut rng) {
        insert(&tx, &new_record(b, d));
    }
    tx.commit().unwrap();
    let items = experiences(&mut rng, n);
    let t = Instant::now();
    let mut ids: Vec<Id> = Vec::with_capacity(n + SAMPLE);
    for chunk in items.chunks(1_000) {
        let tx = c.transaction().unwrap();
        assert!(learner_exists(&tx, a));
        for d in chunk {
            let r = new_record(a, d.clone());
            insert(&tx, &r);
            ids.push(r.meta().id);
        }
        tx.commit().unwrap();
    }
    let insert_batch = us_per(t, n);
    let t = Instant::now();
    for _ in 0..SAMPLE {
        let tx = c.transaction().unwrap();
        assert!(learner_exists(&tx, a));
        let r = new_record(a, data::experience(&mut rng, 400));
        insert(&tx, &r);
        tx.commit().unwrap();
        ids.push(r.meta().id);
    }
    let create_one = us_per(t, SAMPLE);
    drop(c);

    let t = Instant::now();
    let c = open_sqlite(&db);
    let open = ms(t);
    let t = Instant::now();
    let listed = list_sqlite(&c, a).len();
    let list_cold = ms(t);
    let mut warm = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        list_sqlite(&c, a);
        warm.push(ms(t));
    }
    warm.sort_by(f64::total_cmp);
    let get_one = |id: Id| -> Record<ExperienceData> {
        let p: String = c
            .prepare_cached("SELECT payload FROM experiences WHERE id = ?1")
            .unwrap()
            .query_row([id.as_bytes()], |r| r.get(0))
            .unwrap();
        decode_experience(&p)
    };
    let t = Instant::now();
    for _ in 0..GETS {
        get_one(ids[rng.usize(..ids.len())]);
    }
    let get = us_per(t, GETS);
    let t = Instant::now();
    for _ in 0..SAMPLE {
        let id = ids[rng.usize(..ids.len())];
        let d = data::experience(&mut rng, 400);
        d.validate().unwrap();
        let old = get_one(id);
        let mut meta = old.meta.clone();
        meta.updated = Utc::now();
        let r = AnyRecord::from_parts(meta, d);
        c.prepare_cached("UPDATE experiences SET date = ?2, payload = ?3 WHERE id = ?1")
            .unwrap()
            .execute(params![id.as_bytes(), days(r.list_date()), envelope(&r)])
            .unwrap();
    }
    let update = us_per(t, SAMPLE);
    rng.shuffle(&mut ids);
    let t = Instant::now();
    for id in ids.drain(..SAMPLE) {
        let p: String = c
            .prepare_cached("DELETE FROM experiences WHERE id = ?1 RETURNING payload")
            .unwrap()
            .query_row([id.as_bytes()], |r| r.get(0))
            .unwrap();
        decode_experience(&p);
    }
    let delete = us_per(t, SAMPLE);
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    drop(c);
    let disk = disk_usage(dir) as f64 / 1e6;
    SledFigures { insert_batch, create_one, open, list_cold, list_warm: warm[1], get, update, delete, disk, listed }
}

fn figures(s: &SledFigures, q: &SledFigures) -> Vec<Figure> {
    let f = |name, unit, a: fn(&SledFigures) -> f64| Figure { name, unit, sled: a(s), sqlite: a(q) };
    vec![
        f("insert, batched (1,000/call)", Unit::UsPerOp, |x| x.insert_batch),
        f("create, one save each", Unit::UsPerOp, |x| x.create_one),
        f("open (cold, after drop)", Unit::Ms, |x| x.open),
        f("list newest first, first after open", Unit::Ms, |x| x.list_cold),
        f("list newest first, warm (median of 3)", Unit::Ms, |x| x.list_warm),
        f("get by id (random)", Unit::UsPerOp, |x| x.get),
        f("update (random)", Unit::UsPerOp, |x| x.update),
        f("delete (random)", Unit::UsPerOp, |x| x.delete),
        f("size on disk", Unit::Mb, |x| x.disk),
    ]
}

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Ms => "ms",
        Unit::UsPerOp => "µs/op",
        Unit::Mb => "MB",
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes: Vec<usize> = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.split(',').map(|n| n.trim().parse().expect("--sizes wants numbers, e.g. 1000,10000")).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    println!(
        "store_bench: portfolio-store (sled 0.34, flush per save) vs SQLite {} (WAL, synchronous=NORMAL)",
        rusqlite::version()
    );
    println!("records: experiences with ~400-character descriptions; + a second learner with 12 mixed records\n");
    let mut all: Vec<(usize, Vec<Figure>)> = Vec::new();
    for &n in &sizes {
        let sd = tempfile::tempdir().unwrap();
        let qd = tempfile::tempdir().unwrap();
        let s = bench_sled(&sd.path().join("store"), n, n as u64);
        let q = bench_sqlite(qd.path(), n, n as u64);
        assert_eq!(s.listed, n + SAMPLE);
        assert_eq!(q.listed, n + SAMPLE);
        println!("N = {n} experiences (+{SAMPLE} single creates)");
        println!("  {:<40} {:>12} {:>12} {:>12}", "operation", "sled", "SQLite", "sled/SQLite");
        let figs = figures(&s, &q);
        for f in &figs {
            println!(
                "  {:<40} {:>9.1} {:<5} {:>6.1} {:<5} {:>9.2}x",
                f.name,
                f.sled,
                unit(f.unit),
                f.sqlite,
                unit(f.unit),
                f.sled / f.sqlite
            );
        }
        println!();
        all.push((n, figs));
    }
    if all.len() > 1 {
        let steps: Vec<String> = all.windows(2).map(|w| format!("{}→{}", w[0].0, w[1].0)).collect();
        println!("growth factor per step ({}):", steps.join(", "));
        println!("  {:<40} {:>24} {:>24}", "operation", "sled", "SQLite");
        for i in 0..all[0].1.len() {
            let g = |pick: fn(&Figure) -> f64| -> String {
                all.windows(2)
                    .map(|w| format!("{:.1}x", pick(&w[1].1[i]) / pick(&w[0].1[i])))
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            println!("  {:<40} {:>24} {:>24}", all[0].1[i].name, g(|f| f.sled), g(|f| f.sqlite));
        }
    }
}
