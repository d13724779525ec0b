/* Designators in Material's quick search: "S-400", "Voronezh-DM", "DF-41", "Su-57".
   The index splits words at hyphens (mkdocs.yml `separator`), so "Voronezh" and "400" find
   their parts; lunr's query parser splits queries at hyphens too and joins the parts with OR,
   which would find every page that says "400". Before a query reaches Material's search
   worker, each hyphenated word becomes its required parts, the last one a prefix:
   "S-400" -> "+S +400*". Runs before Material's bundle, which creates the worker. */
"use strict";
(() => {
  const DESIGNATOR = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+$/u;
  const QUERY = 2; // Material's message type for a search query

  function rewrite(query) {
    if (/["+:~^*]/.test(query)) return query; // the reader wrote lunr syntax: leave it alone
    return query.split(/(\s+)/).map((word) => {
      if (!DESIGNATOR.test(word)) return word;
      const parts = word.split("-");
      return parts.map((part, i) => `+${part}${i === parts.length - 1 ? "*" : ""}`).join(" ");
    }).join("");
  }

  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      message = { ...message, data: rewrite(message.data) };
    }
    return post.call(this, message, ...rest);
  };
  window.briefingsRewriteQuery = rewrite; // for tests
})();
