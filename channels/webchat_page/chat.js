// Dunning Coach web chat. The sign-in code is kept in localStorage; the conversation itself is
// kept by the server, so a reload fetches it again. Text is always set as text, never as HTML.
"use strict";
(() => {
  const KEY = "dunning-coach.code";
  const LANGUAGE_KEY = "dunning-coach.language";
  const $ = (id) => document.getElementById(id);
  const log = $("log"), quick = $("quick"), status = $("status"), composer = $("composer");
  const input = $("text"), send = $("send");
  let code = localStorage.getItem(KEY);
  let busy = false;
  // Calls go beside the page, whether it was opened as /chat or /chat/.
  const base = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";

  // The page's own words in each language (messages/page.yml, served as texts.json). The page
  // speaks the conversation's language, as the server reports it; before that, the phone's.
  let texts = {};
  let language = localStorage.getItem(LANGUAGE_KEY) || phoneLanguage();

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

  function useLanguage(code) {
    if (code && texts[code]) {
      language = code;
      localStorage.setItem(LANGUAGE_KEY, code);
    }
    document.documentElement.lang = language;
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = t(node.dataset.text);
    for (const node of document.querySelectorAll("[data-label]")) node.setAttribute("aria-label", t(node.dataset.label));
    for (const node of document.querySelectorAll("[data-placeholder]")) node.placeholder = t(node.dataset.placeholder);
  }

  function bubble(from, text, lines) {
    const div = document.createElement("div");
    div.className = "msg " + from;
    if (lines && lines.length) {
      div.classList.add("shaped");
      draw(div, lines);
    } else {
      div.textContent = text;
    }
    log.appendChild(div);
    return div;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Each line comes typed (dunning_coach/common/reply.py: Line.as_dict); every part goes in as text.
  function draw(div, lines) {
    let list = null;
    for (const line of lines) {
      const listTag = line.kind === "bullet" ? "ul" : line.kind === "step" ? "ol" : null;
      if (!listTag) list = null;
      if (line.kind === "verdict") {
        const head = el("div", "line verdict");
        head.append(line.text, el("span", "badge badge-" + line.tone, line.label), line.after);
        div.appendChild(head);
      } else if (listTag) {
        if (!list || list.tagName.toLowerCase() !== listTag) {
          list = div.appendChild(el(listTag, "lines"));
        }
        const item = el("li", null, line.text);
        if (line.kind === "step") item.value = line.number;
        list.appendChild(item);
      } else if (line.kind === "say") {
        const say = el("div", "line say");
        say.append(el("strong", null, line.lead), " ", line.text);
        div.appendChild(say);
      } else {
        div.appendChild(el("div", "line " + line.kind, line.text));
      }
    }
  }

  function offer(buttons) {
    quick.replaceChildren();
    for (const b of buttons || []) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", () => say(b.payload, b.title));
      quick.appendChild(button);
    }
  }

  function show(messages) {
    let first = null;
    for (const m of messages) {
      const div = bubble(m.from, m.text, m.lines);
      first = first || (m.from === "bot" ? div : null);
    }
    const last = messages[messages.length - 1];
    offer(last && last.from === "bot" ? last.buttons : []);
    return first;
  }

  function setStatus(text, kind) {
    status.textContent = text;
    status.className = kind || "";
    status.hidden = !text;
  }

  function signedOut(reason) {
    localStorage.removeItem(KEY);
    code = null;
    log.replaceChildren();
    offer([]);
    composer.hidden = true;
    $("signout").hidden = true;
    $("signin").hidden = false;
    $("signin-error").textContent = reason || "";
    $("signin-error").hidden = !reason;
  }

  function signedIn() {
    $("signin").hidden = true;
    composer.hidden = false;
    $("signout").hidden = false;
  }

  async function call(path, options) {
    const headers = { "Content-Type": "application/json", Authorization: "Bearer " + code };
    const response = await fetch(base + path, { ...options, headers });
    if (response.status === 401) {
      signedOut(t("expired"));
      throw new Error("signed out");
    }
    if (!response.ok) throw new Error("server said " + response.status);
    return response.json();
  }

  async function say(text, shown) {
    if (busy || !text.trim()) return;
    busy = true;
    send.disabled = true;
    offer([]);
    bubble("rep", shown || text);
    setStatus(t("answering"), "typing");
    try {
      const reply = await call("webhook", { method: "POST", body: JSON.stringify({ message: text }) });
      setStatus("");
      useLanguage(reply.language);
      const first = show(reply.messages);
      (first || log.lastElementChild).scrollIntoView({ block: "start" });
    } catch (error) {
      if (code) {
        setStatus(t("offline"), "offline");
        const retry = document.createElement("button");
        retry.type = "button";
        retry.textContent = t("try_again");
        retry.addEventListener("click", () => { log.lastElementChild.remove(); say(text, shown); });
        quick.replaceChildren(retry);
      }
    } finally {
      busy = false;
      send.disabled = false;
    }
  }

  async function restore() {
    signedIn();
    setStatus(t("loading"), "typing");
    try {
      const { messages, language: spoken } = await call("history", { method: "GET" });
      setStatus("");
      useLanguage(spoken);
      show(messages);
      log.scrollTop = log.scrollHeight;
      if (!messages.length) say(t("hello"));
    } catch (error) {
      if (code) setStatus(t("offline_reload"), "offline");
    }
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    code = $("code").value.trim();
    try {
      await call("signin", { method: "POST", body: "{}" });
      localStorage.setItem(KEY, code);
      restore();
    } catch (error) {
      if (code) { $("signin-error").textContent = t("signin_offline"); $("signin-error").hidden = false; }
    }
  });
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    say(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); composer.requestSubmit(); }
  });
  $("signout").addEventListener("click", () => signedOut(""));

  // A link from the manager may carry the code after '#': take it and drop it from the address.
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("code");
  if (fromLink) {
    localStorage.setItem(KEY, fromLink);
    code = fromLink;
    history.replaceState(null, "", location.pathname);
  }
  // The page's words first (English stays if they cannot be fetched), then the conversation.
  fetch(base + "texts.json")
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}))
    .then((loaded) => {
      texts = loaded;
      useLanguage(language);
      if (code) restore(); else signedOut("");
    });
})();
