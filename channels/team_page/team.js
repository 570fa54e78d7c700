// Dunning Coach team page. Signs in with the code the chat page keeps in localStorage, asks the
// server for each chart (/team/charts/<name>.json), and draws it with Chart.js. Everything it
// shows (titles, labels, numbers, the tables) comes made from the server; text is set as text.
"use strict";
(() => {
  const KEY = "dunning-coach.code";
  const LANGUAGE_KEY = "dunning-coach.language";
  const CHARTS = ["overdue", "promises", "excuses", "customers", "trainees"];
  // One colour per series key, the same in every language.
  const COLOURS = {
    in_collection: "#5b8def", doubtful: "#f2b134", bad: "#e0663b", dead: "#7a2530",
    made: "#8aa4c8", kept: "#2e9d6a", broken: "#d64545",
    likely_excuse: "#d64545", likely_true: "#2e9d6a", cant_tell: "#f2b134", not_judged: "#9aa5b1",
    overdue: "#12355b", missed: "#d64545", met: "#2e9d6a",
  };
  const $ = (id) => document.getElementById(id);
  const code = localStorage.getItem(KEY);
  const language = localStorage.getItem(LANGUAGE_KEY) || phoneLanguage();
  let texts = {};

  function phoneLanguage() {
    const tag = (navigator.language || "en").toLowerCase();
    if (tag.startsWith("ko")) return "ko";
    if (tag.startsWith("es")) return "es";
    if (tag.startsWith("zh")) return /hant|tw|hk|mo/.test(tag) ? "zh-Hant" : "zh-Hans";
    return "en";
  }

  function t(key) {
    const own = texts[language] || {};
    return own[key] || (texts.en || {})[key] || key;
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function signInFirst() {
    $("signin").hidden = false;
    $("charts").hidden = true;
  }

  function card(name) {
    const section = element("section", { class: "card", id: `chart-${name}`, "data-state": "loading" });
    section.append(element("h2", {}, ""), element("p", { class: "state" }, t("loading")));
    $("charts").append(section);
    return section;
  }

  function money(value, currency) {
    try {
      return new Intl.NumberFormat(language, { style: "currency", currency }).format(value);
    } catch (_) {
      return `${currency} ${value.toLocaleString(language)}`;
    }
  }

  function table(chart) {
    const wrap = element("div", { class: "table-wrap" });
    const grid = element("table");
    const head = element("tr");
    chart.columns.forEach((column, n) => head.append(element("th", { scope: "col", class: n ? "num" : "" }, column)));
    const thead = element("thead");
    thead.append(head);
    grid.append(thead);
    const body = element("tbody");
    for (const row of chart.rows) {
      const line = element("tr");
      row.forEach((cell, n) => line.append(element(n ? "td" : "th", n ? { class: "num" } : { scope: "row" }, cell)));
      body.append(line);
    }
    grid.append(body);
    wrap.append(grid);
    return wrap;
  }

  function download(chart) {
    const blob = new Blob([chart.csv], { type: "text/csv;charset=utf-8" });
    const link = element("a", { href: URL.createObjectURL(blob), download: `${chart.name}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  function draw(section, chart) {
    $("heading").textContent = chart.heading;
    document.title = `Dunning Coach: ${chart.heading}`;
    section.querySelector("h2").textContent = chart.title;
    section.querySelector(".state").remove();
    section.append(element("p", { class: "summary" }, chart.summary));
    if (!chart.rows.length) {
      section.append(element("p", { class: "state" }, t("empty")));
      section.dataset.state = "empty";
      return;
    }
    const plot = element("div", { class: chart.horizontal && chart.labels.length > 6 ? "plot tall" : "plot" });
    // The canvas is a picture to a screen reader: its summary, with the table just below.
    const canvas = element("canvas", { role: "img", "aria-label": `${chart.title}. ${chart.summary}` });
    plot.append(canvas);
    section.append(plot);
    for (const note of chart.notes) section.append(element("p", { class: "note" }, note));
    const tools = element("div", { class: "tools" });
    const details = element("details");
    details.append(element("summary", {}, t("show_table")), table(chart));
    const csv = element("button", { type: "button", class: "csv" }, t("download_csv"));
    csv.addEventListener("click", () => download(chart));
    tools.append(csv, details);
    section.append(tools);
    const stacked = chart.kind === "stacked";
    const format = chart.unit === "money" ? (v) => money(v, chart.currency) : (v) => v.toLocaleString(language);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: chart.series.map((s) => ({
          label: s.label,
          data: s.values,
          backgroundColor: COLOURS[s.key] || "#5b6776",
        })),
      },
      options: {
        indexAxis: chart.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked, ticks: chart.horizontal ? { callback: (v) => format(v) } : {} },
          y: { stacked, ticks: chart.horizontal ? {} : { callback: (v) => format(v) } },
        },
        plugins: {
          legend: { display: chart.series.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${format(item.raw)}` } },
        },
      },
    });
    section.dataset.state = "ready";
  }

  async function load(name, section) {
    const reply = await fetch(`/team/charts/${name}.json?lang=${encodeURIComponent(language)}`, {
      headers: { Authorization: `Bearer ${code}` },
    });
    if (reply.status === 401) {
      signInFirst();
      return;
    }
    if (!reply.ok) throw new Error(`${reply.status}`);
    draw(section, await reply.json());
  }

  async function start() {
    document.documentElement.lang = language;
    try {
      texts = await (await fetch("/team/texts.json")).json();
    } catch (_) {
      texts = {};
    }
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = t(node.dataset.text);
    if (!code) {
      signInFirst();
      return;
    }
    // Every chart asked for at once: the server works out two at a time.
    await Promise.all(
      CHARTS.map((name) => {
        const section = card(name);
        return load(name, section).catch((error) => {
          console.warn(`chart ${name}: ${error}`);
          for (const node of section.querySelectorAll(":scope > :not(h2)")) node.remove();
          section.append(element("p", { class: "state" }, t("failed")));
          section.dataset.state = "failed";
        });
      }),
    );
    document.body.dataset.state = "ready";
  }

  start();
})();
