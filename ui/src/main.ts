import { mount } from "svelte";
import "./app.css";
import "./plan.css";
import App from "./App.svelte";
import { appReady } from "./lib/api";

function start() {
  const target = document.getElementById("app");
  if (!target) throw new Error("#app is missing from index.html");
  mount(App, { target });
  // Two frames later the first one has been painted.
  requestAnimationFrame(() => requestAnimationFrame(() => appReady()));
}

start();
