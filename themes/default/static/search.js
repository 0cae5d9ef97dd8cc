// The search page. Runs the Pagefind index of the page's language (written by `korme build`)
// for the query and for its canonical spelling (Kazakh Cyrillic or Latin → ASCII, Arabic
// letter forms → Persian, marks removed: the table comes from generator/search/translit.py),
// merges the results and lists them with thumbnails; the filters narrow them. Loaded only here.
const root = document.querySelector("[data-search]");
const form = root.querySelector("form");
const input = form.querySelector("input[name=q]");
const status = root.querySelector("[data-status]");
const list = root.querySelector("[data-results]");
const filters = root.querySelector("[data-filters]");
const table = JSON.parse(root.dataset.translit);
const siteRoot = new URL("../", import.meta.url);
const PAGE = 20;
let pagefind = null;
let seq = 0;
let timer = 0;

root.querySelector("[data-no-js]").hidden = true;
if (filters) filters.hidden = false;
for (const d of root.querySelectorAll("[data-wide-open]")) d.open = matchMedia("(min-width: 56rem)").matches;

function canonical(text) {
  const bare = text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  let out = "";
  for (const ch of bare) out += Object.hasOwn(table, ch) ? table[ch] : ch;
  return out;
}

async function load() {
  if (!pagefind) {
    pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
    await pagefind.init();
  }
  return pagefind;
}

function chosen() {
  const out = {};
  for (const box of form.querySelectorAll(".facet input:checked")) {
    (out[box.name] ||= { any: [] }).any.push(box.value);
  }
  return out;
}

function setCounts(counts) {
  for (const fieldset of form.querySelectorAll(".facet")) {
    const own = (counts && counts[fieldset.dataset.facet]) || {};
    for (const span of fieldset.querySelectorAll(".facet-count")) {
      if (!span.dataset.total) span.dataset.total = span.textContent;
      const n = counts ? own[span.dataset.key] || 0 : Number(span.dataset.total);
      span.textContent = String(n);
      span.closest("li").classList.toggle("empty", n === 0);
    }
  }
}

function excerptNode(html) {
  // Pagefind escapes the page text and adds <mark>; keep only the marks.
  const p = document.createElement("p");
  p.className = "result-excerpt";
  for (const part of html.split(/(<mark>.*?<\/mark>)/)) {
    const m = part.match(/^<mark>(.*)<\/mark>$/);
    const text = new DOMParser().parseFromString(m ? m[1] : part, "text/html").body.textContent;
    if (m) p.appendChild(document.createElement("mark")).textContent = text;
    else p.appendChild(document.createTextNode(text));
  }
  return p;
}

function resultNode(data) {
  const li = document.createElement("li");
  li.className = "result";
  const a = li.appendChild(document.createElement("a"));
  a.href = data.url;
  const thumb = a.appendChild(document.createElement("span"));
  thumb.className = "result-thumb";
  if (data.meta.thumb) {
    const img = thumb.appendChild(document.createElement("img"));
    img.src = new URL(data.meta.thumb, siteRoot).href;
    img.alt = "";
    img.width = 80;
    img.height = 80;
    img.loading = "lazy";
  }
  const title = a.appendChild(document.createElement("span"));
  title.className = "result-title";
  title.textContent = data.meta.title || data.url;
  const facts = [data.meta.type, data.meta.date].filter(Boolean).join(" · ");
  if (facts) {
    const meta = a.appendChild(document.createElement("span"));
    meta.className = "result-meta";
    meta.textContent = facts;
  }
  li.appendChild(excerptNode(data.excerpt || ""));
  const part = matchedImage(data);
  if (part) li.appendChild(part);
  return li;
}

// The image whose transcription or translation matched (the item page's texts headings are
// #transcription-<page>, #translation-<page>): named, with a link to that image's page.
function matchedImage(data) {
  for (const sub of data.sub_results || []) {
    const m = /#(?:transcription|translation)-([a-z0-9-]+)$/.exec(sub.url || "");
    if (!m) continue;
    const a = document.createElement("a");
    a.className = "result-image";
    a.href = data.url + m[1] + "/";
    a.textContent = sub.title;
    return a;
  }
  return null;
}

async function show(results, from) {
  const datas = await Promise.all(results.slice(from, from + PAGE).map((r) => r.data()));
  list.querySelector(".more")?.remove();
  for (const d of datas) list.appendChild(resultNode(d));
  if (results.length > from + PAGE) {
    const li = list.appendChild(document.createElement("li"));
    li.className = "more";
    const button = li.appendChild(document.createElement("button"));
    button.type = "button";
    button.textContent = "+" + Math.min(PAGE, results.length - from - PAGE);
    button.addEventListener("click", () => show(results, from + PAGE));
  }
}

async function run() {
  const mine = ++seq;
  const query = input.value.trim();
  const filter = chosen();
  const params = new URLSearchParams(new FormData(form));
  history.replaceState(null, "", query || params.toString() ? "?" + params : location.pathname);
  if (!query && !Object.keys(filter).length) {
    list.replaceChildren();
    status.textContent = "";
    setCounts(null);
    return;
  }
  status.textContent = root.dataset.loading;
  let pf;
  try {
    pf = await load();
  } catch (err) {
    status.textContent = root.dataset.failed;
    return;
  }
  const terms = query ? [...new Set([query, canonical(query)])] : [null];
  const found = await Promise.all(terms.map((t) => pf.search(t, { filters: filter })));
  if (mine !== seq) return;
  const seen = new Set();
  const results = [];
  for (const f of found) {
    for (const r of f.results) if (!seen.has(r.id) && seen.add(r.id)) results.push(r);
  }
  const widest = found.reduce((a, b) => (b.results.length > a.results.length ? b : a));
  setCounts(widest.filters);
  list.replaceChildren();
  status.textContent = results.length
    ? root.dataset.count.replace("{count}", String(results.length))
    : root.dataset.none;
  await show(results, 0);
}

const initial = new URLSearchParams(location.search);
input.value = initial.get("q") || "";
for (const box of form.querySelectorAll(".facet input")) {
  box.checked = initial.getAll(box.name).includes(box.value);
}
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
form.addEventListener("change", (event) => {
  if (event.target !== input) run();
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 250);
});
run();
