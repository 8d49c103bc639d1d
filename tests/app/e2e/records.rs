//! Onboarding, records of every kind surviving a restart, the demo, filtering and Undo.

#[allow(unused_imports)]
use super::driver::*;
use std::time::{Duration, Instant};

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn onboarding_create_records_and_they_survive_a_restart() {
    with_app(|driver, data| {
        let app = driver.launch();
        app.find("[data-testid=onboarding]");
        app.screenshot("01-onboarding");
        app.click("[data-testid=onboarding-create]");
        app.type_into("input[name=name]", "Rosa Martinez");
        app.type_into("input[name=preferred_name]", "Rosie");
        app.click("[data-testid=learner-save]");
        app.find("[data-testid=workspace]");
        app.wait_text("[data-testid=learner-switcher]", "Ros");

        // Experiences: a validation error for an empty title, then a real one.
        app.click("[data-testid=nav-experience]");
        app.find("[data-testid=empty-state]");
        app.click("[data-testid=new-record]");
        app.find("form[data-testid=record-form]");
        app.click("[data-testid=save-record]");
        assert_eq!(app.wait_text("[data-testid=error-title]", "Title is required."), "Title is required.");
        app.screenshot("02-validation");
        app.type_into("form[data-testid=record-form] [name=title]", "Harbor clinic internship");
        app.type_into("form[data-testid=record-form] [name=organisation]", "Harbor Animal Clinic");
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "Harbor clinic internship");

        app.click("[data-testid=nav-reflection]");
        app.click("[data-testid=new-record]");
        app.type_into("form[data-testid=record-form] [name=title]", "My first week");
        app.type_into(
            "form[data-testid=record-form] [name=body]",
            "I learned **a lot** about <script>intake</script>.",
        );
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "My first week");
        // Markdown is rendered as text, never as HTML.
        app.wait_text("[data-testid=record-detail]", "<script>intake</script>");

        app.click("[data-testid=nav-goal]");
        app.click("[data-testid=new-record]");
        app.type_into("form[data-testid=record-form] [name=statement]", "Present my research to a panel");
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "Present my research to a panel");

        app.click("[data-testid=nav-badge]");
        app.click("[data-testid=new-record]");
        app.type_into("form[data-testid=record-form] [name=name]", "First Aid Basics");
        app.type_into("form[data-testid=record-form] [name=issuer_name]", "City Red Cross");
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "First Aid Basics");
        for kind in ["experience", "reflection", "goal", "badge"] {
            app.wait_text(&format!("[data-testid=nav-{kind}] [data-testid=count]"), "1");
        }
        app.screenshot("03-workspace");
        app.quit();

        // Relaunch: everything is still there.
        let app = driver.launch();
        app.find("[data-testid=workspace]");
        app.wait_text("[data-testid=learner-switcher]", "Ros");
        for (kind, title) in [
            ("experience", "Harbor clinic internship"),
            ("reflection", "My first week"),
            ("goal", "Present my research to a panel"),
            ("badge", "First Aid Basics"),
        ] {
            app.click(&format!("[data-testid=nav-{kind}]"));
            app.wait_text("[data-testid=record-list]", title);
            assert_eq!(app.count("[data-testid=record-item]"), 1, "{kind}");
        }
        app.screenshot("04-after-restart");
        app.quit();
        assert!(data.join("store").join("db").exists(), "the store is in the test's data folder");
    });
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn demo_portfolio_filter_and_undo_delete() {
    with_app(|driver, _data| {
        let app = driver.launch();
        app.click("[data-testid=onboarding-demo]");
        app.find("[data-testid=workspace]");
        app.wait_text("[data-testid=learner-switcher]", "Maya");
        app.click("[data-testid=nav-experience]");
        app.wait_text("[data-testid=nav-experience] [data-testid=count]", "10");
        app.wait_text("[data-testid=record-list]", "Veterinary assistant internship");
        app.screenshot("05-demo");
        app.type_into("[data-testid=filter]", "bike co-op");
        let start = Instant::now();
        while app.count("[data-testid=record-item]") != 1 {
            assert!(start.elapsed() < WAIT, "filter did not narrow the list");
            std::thread::sleep(Duration::from_millis(100));
        }
        app.click("[data-testid=record-item]");
        app.wait_text("[data-testid=record-detail]", "Mechanic at the bike co-op");
        app.click("[data-testid=delete-record]");
        if app.find_now("[data-testid=confirm]").is_some() {
            app.click("[data-testid=confirm]");
        }
        app.wait_text("[data-testid=nav-experience] [data-testid=count]", "9");
        app.click("[data-testid=undo]");
        app.wait_text("[data-testid=nav-experience] [data-testid=count]", "10");
        app.quit();
    });
}
