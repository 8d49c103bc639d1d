import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { appReady } from "./lib/api";

async function start() {
  // `vite --mode mock` runs the UI in a plain browser against an in-memory
  // stand-in for the Rust core (for design work and screenshots). The branch
  // is removed from production builds.
  if (import.meta.env.MODE === "mock") {
    const { installMockBackend } = await import("./dev/mockBackend");
    installMockBackend();
  }
  const target = document.getElementById("app");
  if (!target) throw new Error("#app is missing from index.html");
  mount(App, { target });
  // Two frames later the first one has been painted.
  requestAnimationFrame(() => requestAnimationFrame(() => appReady()));
}

void start();
