/* The faceted search page: Pagefind's JS API over the index in site/pagefind/.
   State lives in the URL (?query=…&country=…&sort=date), so a search can be shared and
   survives a reload. Every value from the index is inserted as text, never as HTML.
   A large site's index comes in parts (site/pagefind/part-2/…, listed in
   briefings-parts.json): they are merged into one search, each part tagged with a hidden
   `part` filter so that a date-sorted list can be merged part by part (below). */

/* The filters in order: one per taxonomy with a facet, from the taxonomies table (facets.json,
   which the generator writes beside the catalogue), then the year every briefing has. */
const YEAR = ["year", "Year"];
let FACETS = [YEAR];
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

function renderResult(data) {
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
let partNames = []; // "1", "2"…: the `part` filter of each part of the index; empty for an index in one piece
let filtersLoaded = false;
let generation = 0;
let shown = listOf([]);
let timer = null;

/** Return results to show a page at a time: {total, taken, take(n) -> the next n results' data}. */
function listOf(results) {
  let taken = 0;
  return {
    total: results.length,
    get taken() { return taken; },
    take(n) {
      const next = results.slice(taken, taken + n);
      taken += next.length;
      return Promise.all(next.map((result) => result.data()));
    },
  };
}

/** Return the date-sorted lists of the index's parts as one list, newest first, briefings of
    one day by name (the catalogue's order). Pagefind scores a sorted result by its position in
    its own part, so its merged list interleaves the parts by position, not by date. Each
    part's list is in date order: the next results are those of the newest date at the head of
    any list, taken from every list and put in name order. Only the data of what is taken and
    of the lists' heads is loaded. */
function mergedByDate(lists) {
  const heads = lists.map(() => 0);
  const loaded = lists.map(() => new Map());
  const dataAt = (k, i) => {
    if (!loaded[k].has(i)) loaded[k].set(i, lists[k][i].data());
    return loaded[k].get(i);
  };
  const dateOf = (data) => data.meta.date || "";
  const name = (url) => url.replace(/\/$/, "").split("/").pop().replace(/\.html$/, ""); // briefings/NAME/ or briefings/NAME.html
  const total = lists.reduce((sum, results) => sum + results.length, 0);
  const ready = []; // the results of the newest date not yet shown, in name order
  let taken = 0;
  const fill = async () => {
    const firsts = await Promise.all(lists.map((results, k) => (heads[k] < results.length ? dataAt(k, heads[k]) : null)));
    const newest = firsts.reduce((date, data) => (data && (date === null || dateOf(data) > date) ? dateOf(data) : date), null);
    for (const [k, results] of lists.entries()) {
      while (heads[k] < results.length) {
        const data = await dataAt(k, heads[k]);
        if (dateOf(data) !== newest) break;
        ready.push(data);
        loaded[k].delete(heads[k]);
        heads[k] += 1;
      }
    }
    ready.sort((a, b) => (name(a.url) < name(b.url) ? -1 : name(a.url) > name(b.url) ? 1 : 0));
  };
  let queue = Promise.resolve(); // one take at a time: a second click on "Show more" waits for the first
  const takeNow = async (n) => {
    const out = [];
    while (out.length < n && taken < total) {
      if (!ready.length) await fill();
      out.push(ready.shift());
      taken += 1;
    }
    return out;
  };
  return {
    total,
    get taken() { return taken; },
    take(n) {
      const next = queue.then(() => takeNow(n));
      queue = next.catch(() => {});
      return next;
    },
  };
}

/** Return the results of a search as a list to show: date-sorted part by part where the index has parts. */
async function results(term, filters, byDate) {
  if (!byDate) return listOf((await pagefind.search(term, { filters })).results);
  const sort = { date: "desc" };
  if (partNames.length < 2) return listOf((await pagefind.search(term, { filters, sort })).results);
  const lists = await Promise.all(partNames.map((name) => pagefind.search(term, { filters: { ...filters, part: { any: [name] } }, sort })));
  return mergedByDate(lists.map((search) => search.results));
}

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
  const found = await results(term, filters, state.sort === "date" || browsing);
  if (mine !== generation) return; // a newer search has started
  shown = found;
  list.replaceChildren();
  const noun = found.total === 1 ? "briefing" : "briefings";
  statusLine.textContent = browsing && !Object.keys(filters).length
    ? `${found.total} ${noun}, newest first.`
    : `${found.total} ${noun} found${state.sort === "date" || browsing ? ", newest first" : ""}.`;
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
  const data = await shown.take(PAGE_SIZE);
  if (mine !== generation) return false;
  list.append(...data.map(renderResult));
  more.hidden = shown.taken >= shown.total;
  return true;
}

/** Read the site's filters from facets.json (only the year if it cannot be read). */
async function loadFacets() {
  try {
    const response = await fetch(new URL("../facets.json", pagefindUrl));
    if (response.ok) FACETS = [...(await response.json()).map((facet) => [facet.key, facet.title]), YEAR];
  } catch (error) {
    FACETS = [YEAR];
  }
}

async function start() {
  await loadFacets();
  const state = readState();
  let parts = [];
  input.value = state.query;
  sortSelect.value = state.sort;
  try {
    if (location.protocol === "file:") throw new Error("modules do not load from file://");
    const listed = fetch(new URL("briefings-parts.json", pagefindUrl)).then((r) => (r.ok ? r.json() : { parts: [] }), () => ({ parts: [] }));
    [pagefind, { parts }] = await Promise.all([import(pagefindUrl.href), listed]);
  } catch (error) {
    statusLine.textContent = location.protocol === "file:"
      ? "This page needs the site served over HTTP; opened from a file, use the search box in the header."
      : "No search index: the site has no briefings yet, or was built without the briefings plugin.";
    return;
  }
  // Pagefind runs in its web worker (pagefind-worker.js, 12 kB gzipped): without it, loading
  // the facets' filter chunks and filtered searches block the page for 0.1-0.5 s at 10,000 briefings.
  const options = { baseUrl: siteRoot, excerptLength: 24 };
  if (parts.length) {
    partNames = ["1", ...parts.map((_, i) => String(i + 2))];
    await pagefind.options({ ...options, mergeFilter: { part: "1" } });
    for (const [i, part] of parts.entries()) {
      await pagefind.mergeIndex(new URL(part, pagefindUrl).pathname, { ...options, mergeFilter: { part: partNames[i + 1] } });
    }
  } else {
    await pagefind.options(options);
  }
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
