//! Integration tests of the desktop app, in ONE test binary (each binary
//! relinks WebKit): IPC through `tauri::test` with the real config and
//! capabilities, and end-to-end tests of the real app under tauri-driver.

mod app {
    pub mod e2e;
    pub mod invariants;
    pub mod ipc;
    pub mod support;
    pub mod team;
}
