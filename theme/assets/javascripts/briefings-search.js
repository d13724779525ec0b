/* The faceted search page: Pagefind's JS API over the index in site/pagefind/.
   State lives in the URL (?query=…&country=…&sort=date), so a search can be shared and
   survives a reload. Every value from the index is inserted as text, never as HTML. */

const FACETS = [
  ["topic", "Topic"],
  ["region", "Region"],
  ["country", "Country"],
  ["organisation", "Organisation"],
  ["system", "System"],
  ["year", "Year"],
];
const PAGE_SIZE = 10;
const DEBOUNCE_MS = 150;

const root = document.querySelector(".bsearch");
const form = root.querySelector(".bsearch__form");
const input = root.querySelector("#bsearch-query");
const sortSelect = root.querySelector("#bsearch-sort");
const facetsBox = root.querySelector(".bsearch__facets");
const statusLine = root.querySelector(".bsearch__status");
const list = root.querySelector(".bsearch__list");
const more = root.querySelector(".bsearch__more");

const pagefindUrl = new URL(root.dataset.pagefindUrl, location.href);
const siteRoot = new URL("../", pagefindUrl).pathname; // works under /REPO/ as at /

/** Return the search state read from the page's URL. */
function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const [key] of FACETS) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) filters[key] = values;
  }
  return { query: params.get("query") || "", sort: params.get("sort") === "date" ? "date" : "relevance", filters };
}

/** Put the state into the URL without adding a history entry per keystroke. */
function writeState(state) {
  const params = new URLSearchParams();
  if (state.query) params.set("query", state.query);
  for (const [key] of FACETS) for (const value of state.filters[key] || []) params.append(key, value);
  if (state.sort === "date") params.set("sort", "date");
  const search = params.toString();
  const url = location.pathname + (search ? `?${search}` : "") + location.hash;
  if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Append Pagefind's excerpt: its text, and its <mark> elements as marks; nothing else. */
function appendExcerpt(target, html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) target.append(node.textContent);
    else if (node.nodeName === "MARK") target.append(element("mark", "", node.textContent));
    else target.append(node.textContent);
  }
}

function renderFacets(state, counts) {
  facetsBox.replaceChildren();
  for (const [key, title] of FACETS) {
    const values = counts[key] || {};
    const selected = new Set(state.filters[key] || []);
    const names = Object.keys(values).filter((name) => values[name] > 0 || selected.has(name));
    for (const name of selected) if (!names.includes(name)) names.push(name);
    if (!names.length) continue;
    names.sort(key === "year"
      ? (a, b) => b.localeCompare(a)
      : (a, b) => (values[b] || 0) - (values[a] || 0) || a.localeCompare(b));
    const group = element("fieldset", "bsearch__facet");
    group.dataset.facet = key;
    group.append(element("legend", "bsearch__facet-title", title));
    const options = element("ul", "bsearch__options");
    for (const name of names) {
      const item = element("li", "bsearch__option");
      const label = element("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = key;
      box.value = name;
      box.checked = selected.has(name);
      box.addEventListener("change", () => {
        const now = readState();
        const chosen = new Set(now.filters[key] || []);
        if (box.checked) chosen.add(name); else chosen.delete(name);
        now.filters[key] = [...chosen];
        writeState(now);
        run();
      });
      const count = element("span", "bsearch__count", String(values[name] || 0));
      label.append(box, element("span", "bsearch__value", name), count);
      item.append(label);
      options.append(item);
    }
    group.append(options);
    facetsBox.append(group);
  }
}

async function renderResult(result) {
  const data = await result.data();
  const item = element("li", "bsearch__hit");
  const link = element("a", "bsearch__title", data.meta.title || data.url);
  link.href = data.url;
  const date = element("time", "bsearch__date", data.meta.date || "");
  if (data.meta.date) date.dateTime = data.meta.date;
  item.append(date, link);
  if (data.meta.summary) item.append(element("p", "bsearch__summary", data.meta.summary));
  if (readState().query && data.excerpt) {
    const excerpt = element("p", "bsearch__excerpt");
    appendExcerpt(excerpt, data.excerpt);
    item.append(excerpt);
  }
  return item;
}

let pagefind = null;
let filtersLoaded = false;
let generation = 0;
let shown = [];
let timer = null;

function toPagefindFilters(filters) {
  const out = {};
  for (const [key, values] of Object.entries(filters)) if (values.length) out[key] = { any: values };
  return out;
}

/** Load every filter chunk once (the largest download, ~0.3 MB gzipped at 10,000 briefings);
    until then searches report no counts. A search with filters loads only the chunks of
    the facets it uses, so first results never wait for this. */
async function loadFilters() {
  if (!filtersLoaded) {
    await pagefind.filters();
    filtersLoaded = true;
  }
}

/** Return {facet: {value: count}} for the state; one facet's values combine with OR, so its own counts ignore its own selection. */
async function facetCounts(term, filters) {
  const search = await pagefind.search(term, { filters });
  const counts = { ...search.filters };
  for (const key of Object.keys(filters)) {
    const others = { ...filters };
    delete others[key];
    counts[key] = (await pagefind.search(term, { filters: others })).filters[key];
  }
  return counts;
}

/** Search with the URL's state: show the first results, then the facets with their counts. */
async function run() {
  const state = readState();
  const mine = ++generation;
  const filters = toPagefindFilters(state.filters);
  const browsing = !state.query;
  const term = browsing ? null : state.query;
  const options = { filters };
  if (state.sort === "date" || browsing) options.sort = { date: "desc" };
  const search = await pagefind.search(term, options);
  if (mine !== generation) return; // a newer search has started
  const results = search.results;
  shown = results;
  list.replaceChildren();
  const noun = results.length === 1 ? "briefing" : "briefings";
  statusLine.textContent = browsing && !Object.keys(filters).length
    ? `${results.length} ${noun}, newest first.`
    : `${results.length} ${noun} found${state.sort === "date" || browsing ? ", newest first" : ""}.`;
  if (!(await showMore(mine))) return;
  if (!root.dataset.results) performance.mark("briefings:first-results"); // bench/search_size.py counts the bytes before it
  root.dataset.results = location.search || "?"; // first results shown (the benchmark waits for it)
  // Facet counts need every filter chunk: fetched only now, with the first results on screen.
  await loadFilters();
  const counts = await facetCounts(term, filters);
  if (mine !== generation) return;
  renderFacets(state, counts);
  root.dataset.ready = location.search || "?"; // results and facets show the URL's state (tests wait for it)
}

/** Append the next page of results; return false when a newer search has started. */
async function showMore(mine = generation) {
  const next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
  const items = await Promise.all(next.map(renderResult));
  if (mine !== generation) return false;
  list.append(...items);
  more.hidden = list.children.length >= shown.length;
  return true;
}

async function start() {
  const state = readState();
  input.value = state.query;
  sortSelect.value = state.sort;
  try {
    if (location.protocol === "file:") throw new Error("modules do not load from file://");
    pagefind = await import(pagefindUrl.href);
  } catch (error) {
    statusLine.textContent = location.protocol === "file:"
      ? "This page needs the site served over HTTP; opened from a file, use the search box in the header."
      : "No search index: the site has no briefings yet, or was built without the briefings plugin.";
    return;
  }
  // Pagefind runs in its web worker (pagefind-worker.js, 12 kB gzipped): without it, loading
  // the facets' filter chunks and filtered searches block the page for 0.1-0.5 s at 10,000 briefings.
  await pagefind.options({ baseUrl: siteRoot, excerptLength: 24 });
  const searchNow = () => {
    clearTimeout(timer);
    writeState({ ...readState(), query: input.value.trim() });
    run();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNow();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(searchNow, DEBOUNCE_MS);
  });
  sortSelect.addEventListener("change", () => {
    writeState({ ...readState(), sort: sortSelect.value });
    run();
  });
  more.addEventListener("click", () => showMore());
  await run();
}

start();
