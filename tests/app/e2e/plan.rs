//! The learning-plan loop through the UI, and a PDF saved through the native dialog.

#[allow(unused_imports)]
use super::driver::*;
use std::process::Command;

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver and WebKitWebDriver; run by .ci/test.sh"]
fn learning_plan_loop_from_plan_to_next_plan() {
    with_app(|driver, _data| {
        let app = driver.launch();
        app.onboard("Ana Reyes");

        // Evidence first: an experience.
        app.click("[data-testid=nav-experience]");
        app.click("[data-testid=new-record]");
        app.type_into("form[data-testid=record-form] [name=title]", "Harbor clinic internship");
        app.click("[data-testid=save-record]");
        app.wait_text("[data-testid=record-detail]", "Harbor clinic internship");

        // Two marking periods.
        app.click("[data-testid=nav-plan]");
        for (name, start, end) in [("Quarter 1", "2026-09-01", "2026-12-31"), ("Quarter 2", "2027-01-01", "2027-03-31")]
        {
            app.click("[data-testid=new-period]");
            app.type_into("[name=period-name]", name);
            app.set_value("[name=period-start]", start);
            app.set_value("[name=period-end]", end);
            app.click("[data-testid=save-period]");
            app.wait_text("[data-testid=period-select]", name);
        }
        // Overlapping dates are refused inline.
        app.click("[data-testid=new-period]");
        app.type_into("[name=period-name]", "Overlap");
        app.set_value("[name=period-start]", "2026-12-01");
        app.set_value("[name=period-end]", "2027-01-15");
        app.click("[data-testid=save-period]");
        app.wait_text("body", "overlaps");
        app.click("[data-testid=new-period]");
        app.select_by_text("[data-testid=period-select]", "Quarter 1");

        // A plan with two goals, signed by student and advisor.
        app.click("[data-testid=tab-plan]");
        app.click("[data-testid=create-plan]");
        app.click("[data-testid=add-plan-goal]");
        app.click("[data-testid=add-plan-goal]");
        let titles = app.all("[name=plan-goal-title]");
        assert_eq!(titles.len(), 2, "two plan goals");
        app.type_into_id(&titles[0], "Run a water-quality study");
        app.type_into_id(&titles[1], "Explain my results to the city council");
        app.click_when_enabled("[data-testid=save-plan]");
        for (name, role) in [("Ana Reyes", "student"), ("Mr. Osei", "advisor")] {
            app.type_into("[name=signer-name]", name);
            app.set_value("[name=signer-role]", role);
            app.click_when_enabled("[data-testid=sign-plan]");
            app.wait_text("[data-testid=plan-signed]", name);
        }
        app.wait_text("[data-testid=plan-revision]", "1");
        app.screenshot("06-plan-signed");

        // An exhibition with three panelists scoring on one device.
        app.click("[data-testid=tab-exhibition]");
        app.click("[data-testid=new-exhibition]");
        app.type_into("[name=exhibition-title]", "Quarter 1 exhibition");
        app.set_value("[name=exhibition-date]", "2026-12-15");
        while app.count("[name=panelist-name]") < 3 {
            app.click("[data-testid=add-panelist]");
        }
        let names = app.all("[name=panelist-name]");
        for (id, name) in names.iter().zip(["Ana Reyes", "Mr. Osei", "Dr. Priya Nair"]) {
            app.type_into_id(id, name);
        }
        app.click("[data-testid=create-exhibition]");
        app.click("[data-testid=panel-mode]");
        for (n, value) in ["4", "2", "3"].iter().enumerate() {
            app.click("[data-testid=choose-panelist]");
            let radios = app.all(&format!("input[name^=score-][value=\"{value}\"]"));
            assert_eq!(radios.len(), 5, "one level per criterion of the five learning goals");
            for r in &radios {
                app.js_click(r);
            }
            app.click("[data-testid=submit-sheet]");
            if n < 2 {
                app.wait_text("[data-testid=scoring-progress]", &format!("{} of 3", n + 1));
            }
        }
        app.find("[data-testid=score-summary]");
        assert!(app.count("[data-testid=wide]") >= 1, "scores 4, 2 and 3 differ widely");
        app.screenshot("07-panel-summary");
        app.set_value("[name=agreed-value]", "3");
        app.type_into("[name=recommendations]", "Use a control site next time");
        app.type_into("[name=next_plan_suggestions]", "Present to the city council");
        app.click_when_enabled("[data-testid=save-exhibition]");

        // Start the next plan: the recommendations are carried into it.
        app.select_by_text("[name=next-period]", "Quarter 2");
        app.click_when_enabled("[data-testid=start-next-plan]");
        app.wait_text("[data-testid=carried-recommendations]", "Use a control site next time");
        app.wait_text("[data-testid=carried-recommendations]", "Present to the city council");
        app.screenshot("08-next-plan");
        app.quit();

        // After a restart the signed plan and the carried recommendations are there.
        let app = driver.launch();
        app.click("[data-testid=nav-plan]");
        app.select_by_text("[data-testid=period-select]", "Quarter 2");
        app.click("[data-testid=tab-plan]");
        app.wait_text("[data-testid=carried-recommendations]", "Use a control site next time");
        app.select_by_text("[data-testid=period-select]", "Quarter 1");
        app.click("[data-testid=tab-plan]");
        app.wait_text("[data-testid=plan-signed]", "Mr. Osei");
        app.quit();
    });
}

#[test]
#[ignore = "end-to-end: needs Xvfb, D-Bus, tauri-driver, WebKitWebDriver and xdotool; run by .ci/test.sh"]
fn learning_plan_pdf_is_saved_through_the_native_save_dialog() {
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("maya-plan.pdf");
    with_app(|driver, _data| {
        let app = driver.launch();
        app.click("[data-testid=onboarding-demo]");
        app.wait_text("[data-testid=learner-switcher]", "Maya");
        app.click("[data-testid=nav-plan]");
        app.click("[data-testid=export-plan]");
        app.find("[data-testid=export-dialog]");
        // Don't launch a PDF viewer in the test.
        app.click("[data-testid=open-after]");
        app.click("[data-testid=export-save]");
        // The core renders first, then opens GTK's save dialog; a person types a path.
        let window = xdotool(&["search", "--sync", "--name", "Save the PDF"]);
        let window = window.lines().next().unwrap_or_default().trim().to_string();
        app.screenshot("11-save-pdf-dialog");
        xdotool(&["windowfocus", "--sync", &window]);
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
        xdotool(&["type", "--delay", "15", &target.to_string_lossy()]);
        xdotool(&["key", "Return"]);
        app.wait_text("[data-testid=toasts]", "Saved maya-plan.pdf");
        app.screenshot("12-pdf-saved");
        app.quit();
    });
    let text = Command::new("pdftotext").arg(&target).arg("-").output().unwrap_or_else(|e| panic!("pdftotext: {e}"));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("LEARNING PLAN") && text.contains("Maya Okafor"), "{text}");
    assert!(text.contains("Plan goals") && text.contains("Signatures"));
    let info = Command::new("pdfinfo").arg(&target).output().unwrap_or_else(|e| panic!("pdfinfo: {e}"));
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Page size:") && (info.contains("(A4)") || info.contains("612 x 792")), "{info}");
}
