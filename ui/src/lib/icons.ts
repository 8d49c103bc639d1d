// Icon outlines (24×24, drawn with strokes). Each icon is a list of SVG path
// strings so that one small component can draw them all.

import type { ExperienceKind } from "./bindings/ExperienceKind";
import type { PortfolioKind } from "./kinds";

/** A circle as a path. */
function circle(cx: number, cy: number, r: number): string {
  return `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
}

/** A rounded rectangle as a path. */
function rect(x: number, y: number, w: number, h: number, r: number): string {
  return (
    `M${x + r} ${y}h${w - 2 * r}a${r} ${r} 0 0 1 ${r} ${r}v${h - 2 * r}a${r} ${r} 0 0 1 ${-r} ${r}` +
    `h${-(w - 2 * r)}a${r} ${r} 0 0 1 ${-r} ${-r}v${-(h - 2 * r)}a${r} ${r} 0 0 1 ${r} ${-r}z`
  );
}

export const ICONS = {
  briefcase: [rect(3, 7, 18, 13, 2), "M8 7V5a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2M3 13h18"],
  journal: ["M5 4.5A1.5 1.5 0 0 1 6.5 3H19v15H6.5A1.5 1.5 0 0 0 5 19.5zM5 19.5A1.5 1.5 0 0 0 6.5 21H19v-3", "M9 7.5h6M9 11h4"],
  target: [circle(12, 12, 9), circle(12, 12, 5), circle(12, 12, 1)],
  badge: [circle(12, 9, 6), "M8.5 13.5 7 22l5-3 5 3-1.5-8.5"],
  bulb: ["M9 18h6M10 21.5h4M12 2.5a6.5 6.5 0 0 0-3.8 11.8c.5.4.8 1 .8 1.6V17h6v-1.1c0-.6.3-1.2.8-1.6A6.5 6.5 0 0 0 12 2.5z"],
  cap: ["M22 9.5 12 4.5 2 9.5l10 5 10-5z", "M6 11.5V17c3 2 9 2 12 0v-5.5M22 9.5V15"],
  wallet: [rect(2.5, 6, 19, 14, 2), "M2.5 10h19M16 15h2"],
  heart: ["M12 20.5s-8-4.8-8-10.5a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.7-8 10.5-8 10.5z"],
  trophy: ["M8 21h8M12 16.5V21M7 3.5h10V9a5 5 0 0 1-10 0V3.5zM7 5.5H4a3 3 0 0 0 3 4M17 5.5h3a3 3 0 0 1-3 4"],
  users: [circle(9, 8, 3.5), "M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.2c2.2.6 3.5 2.8 3.5 5.8"],
  landmark: ["M3 21h18M4 10h16M12 3l8.5 4.5h-17L12 3zM6 10v8M10 10v8M14 10v8M18 10v8"],
  globe: [circle(12, 12, 9), "M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z"],
  dot: [circle(12, 12, 9), circle(12, 12, 2.5)],
  plus: ["M12 5v14M5 12h14"],
  search: [circle(11, 11, 7), "m20 20-3.5-3.5"],
  chevronDown: ["m6 9 6 6 6-6"],
  chevronUp: ["m6 15 6-6 6 6"],
  pencil: ["M4 20h4L19 9l-4-4L4 16v4z", "m13.5 6.5 4 4"],
  trash: ["M4 7h16M10 11v6M14 11v6M6 7l1 12.5A2 2 0 0 0 9 21.5h6a2 2 0 0 0 2-2L18 7M9 7V4h6v3"],
  check: ["m5 12.5 4.5 4.5L19 7.5"],
  x: ["M6 6l12 12M18 6 6 18"],
  userPlus: [circle(9, 8, 4), "M2 21c0-4 3-7 7-7s7 3 7 7M19 8v6M16 11h6"],
  user: [circle(12, 8, 4), "M4 21c0-4 3.5-7 8-7s8 3 8 7"],
  lock: [rect(5, 11, 14, 10, 2), "M8 11V7a4 4 0 0 1 8 0v4"],
  home: ["M3 11.5 12 4l9 7.5M5.5 9.5V20h13V9.5"],
  calendar: [rect(3, 5, 18, 16, 2), "M3 10h18M8 3v4M16 3v4"],
  clock: [circle(12, 12, 9), "M12 7v5l3 2"],
  link: ["M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1", "M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"],
  alert: ["M12 3.5 2.5 20.5h19L12 3.5z", "M12 10v4.5M12 17.5v.01"],
  pin: ["M12 21.5s7-6.3 7-11.5a7 7 0 0 0-14 0c0 5.2 7 11.5 7 11.5z", circle(12, 10, 2.5)],
  folder: ["M3 6.5A2 2 0 0 1 5 4.5h4l2 2.5h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"],
  sparkle: ["M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8L12 3z", "M19 15.5l.8 2.2 2.2.8-2.2.8-.8 2.2-.8-2.2-2.2-.8 2.2-.8.8-2.2z"],
  eye: ["M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z", circle(12, 12, 3)],
  mentor: [circle(12, 7.5, 3.5), "M5 20.5c0-3.9 3.1-6.5 7-6.5s7 2.6 7 6.5", "M12 14v3"],
} satisfies Record<string, string[]>;

export type IconName = keyof typeof ICONS;

export const KIND_ICON: Record<PortfolioKind, IconName> = {
  experience: "briefcase",
  reflection: "journal",
  goal: "target",
  badge: "badge",
};

export const EXPERIENCE_KIND_ICON: Record<ExperienceKind, IconName> = {
  internship: "briefcase",
  project: "bulb",
  course: "cap",
  job: "wallet",
  volunteering: "heart",
  competition: "trophy",
  club: "users",
  museum_visit: "landmark",
  travel: "globe",
  other: "dot",
};
