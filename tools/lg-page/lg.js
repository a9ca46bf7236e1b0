// SPDX-License-Identifier: BSD-2-Clause
// rsguard lg: the participant page. It reads the daemon's JSON
// (birdwatcher's routes/protocols, and x/ for its own state, codes,
// search and the IRR report), builds the views with DOM calls only (no
// HTML from data), and polls x/state to show a flip as it happens.
"use strict";

(function () {
  const POLL_MS = 3000;      // x/state, while the page is visible
  const PAGE_SIZE = 1000;    // routes of a session per request
  const SEARCH_SIZE = 200;

  const view = document.getElementById("view");
  const live = document.getElementById("live");
  let codes = null;          // x/codes
  let protocols = {};        // protocols/bgp, by name
  let lastState = null;      // x/state
  let token = "";            // what the current view was drawn from
  let rendering = null;      // the view being drawn (a promise)
  let again = null;          // a second look after a change

  // ---- helpers --------------------------------------------------------

  // h("p", {class: "x"}, "text", child, ...): an element; strings are
  // text nodes, never HTML.
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const k of kids.flat()) {
      if (k === null || k === undefined || k === false) continue;
      e.append(typeof k === "string" || typeof k === "number" ?
        document.createTextNode(String(k)) : k);
    }
    return e;
  }

  // el's children become kids, nulls left out.
  function fill(el, ...kids) {
    el.replaceChildren(...kids.flat().filter((k) => k !== null &&
      k !== undefined && k !== false));
    return el;
  }

  async function getJSON(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    let doc = null;
    try {
      doc = await r.json();
    } catch (e) {
      throw new Error(path + ": no JSON (HTTP " + r.status + ")");
    }
    if (!r.ok) {
      throw new Error((doc && doc.error) ? doc.error :
        path + ": HTTP " + r.status);
    }
    return doc;
  }

  function rs() { return codes ? codes.rs_as : 0; }

  function largeOf(route) {
    return (route.bgp && route.bgp.large_communities) || [];
  }

  // RS:1000:x and friends: a word for each state the route carries.
  function states(route) {
    const out = {};
    for (const [a, b, c] of largeOf(route)) {
      if (a !== rs() || !codes) continue;
      if (b === 1000) out.rpki = codes.rpki[c] || String(c);
      else if (b === 1001) out.irr = codes.irr[c] || String(c);
      else if (b === 1002) out.aspa = codes.aspa[c] || String(c);
      else if (b === 1102) {
        (out.tagged = out.tagged || []).push(codes.filtered[c] ||
          "reason " + c);
      }
    }
    return out;
  }

  function pathText(route) {
    const p = (route.bgp && route.bgp.as_path) || [];
    return p.length ? p.join(" ") : "(empty)";
  }

  function fmtTime() {
    return new Date().toLocaleTimeString([], { hour12: false });
  }

  function say(text) { live.textContent = text; }

  function fail(err) {
    fill(view, h("div", { class: "error", role: "alert" },
      h("h1", { tabindex: "-1" }, "Not available"),
      h("p", null, String(err.message || err))));
  }

  // The participants: sessions grouped by neighbor AS.
  function participants() {
    const by = new Map();
    for (const [name, p] of Object.entries(protocols)) {
      const asn = p.neighbor_as;
      if (!by.has(asn)) by.set(asn, { asn, sessions: [], names: [] });
      const e = by.get(asn);
      e.sessions.push(Object.assign({ name }, p));
      if (p.description && !e.names.includes(p.description)) {
        e.names.push(p.description);
      }
    }
    const list = [...by.values()];
    for (const e of list) e.sessions.sort((a, b) => a.name < b.name ? -1 : 1);
    return list.sort((a, b) => a.asn - b.asn);
  }

  function count(p, key) {
    return (p.routes && typeof p.routes[key] === "number") ? p.routes[key] : 0;
  }

  async function loadProtocols() {
    const doc = await getJSON("protocols/bgp");
    protocols = doc.protocols || {};
  }

  // ---- views ----------------------------------------------------------

  function heading(text) {
    return h("h1", { tabindex: "-1", id: "heading" }, text);
  }

  function viewParticipants() {
    const list = participants();
    const filter = h("input", {
      id: "filter", type: "search", autocomplete: "off",
      placeholder: "AS number, name or session",
      "aria-controls": "participants",
    });
    const rows = list.map((e) => {
      const acc = e.sessions.reduce((n, s) => n + count(s, "imported"), 0);
      const fil = e.sessions.reduce((n, s) => n + count(s, "filtered"), 0);
      const up = e.sessions.filter((s) => s.state === "up").length;
      const tr = h("tr", { "data-asn": e.asn },
        h("td", null, h("a", { href: "#/as/" + e.asn }, "AS" + e.asn)),
        h("td", null, e.names.join(", ") || "—"),
        h("td", null, e.sessions.map((s) => s.name).join(", ")),
        h("td", { class: "num" }, up + "/" + e.sessions.length),
        h("td", { class: "num" }, acc),
        h("td", { class: fil ? "num bad" : "num" }, fil));
      tr.dataset.text = ("as" + e.asn + " " + e.names.join(" ") + " " +
        e.sessions.map((s) => s.name).join(" ")).toLowerCase();
      return tr;
    });
    const tbody = h("tbody", null, rows);
    filter.addEventListener("input", () => {
      const q = filter.value.trim().toLowerCase().replace(/^as/, "as");
      let shown = 0;
      for (const tr of rows) {
        const hit = !q || tr.dataset.text.includes(q);
        tr.hidden = !hit;
        shown += hit ? 1 : 0;
      }
      say(shown + " of " + rows.length + " participants");
    });
    fill(view, 
      heading("Participants"),
      h("p", null, "Pick a participant to see each of its routes: accepted, " +
        "or filtered with every reason and what to fix."),
      h("p", { class: "filter" },
        h("label", { for: "filter" }, "Filter participants "), filter),
      h("div", { class: "scroll" },
        h("table", { id: "participants" },
          h("caption", null, list.length + " participants"),
          h("thead", null, h("tr", null,
            h("th", { scope: "col" }, "AS"),
            h("th", { scope: "col" }, "Name"),
            h("th", { scope: "col" }, "Sessions"),
            h("th", { scope: "col", class: "num" }, "Up"),
            h("th", { scope: "col", class: "num" }, "Accepted"),
            h("th", { scope: "col", class: "num" }, "Filtered"))),
          tbody)));
  }

  function reasonList(route) {
    const rs = route.x_rs_reasons || [];
    if (!rs.length) {
      return h("p", { class: "why" },
        "Filtered by the route server's own configuration (no rsguard " +
        "reason).");
    }
    return h("ul", { class: "reasons" }, rs.map((r) => h("li", {
      "data-reason": r.reason,
    },
      h("span", { class: "text" }, r.text),
      " ",
      h("span", { class: "code" }, "(" + r.community.join(":") + ")"),
      r.fix ? h("span", { class: "fix" }, h("b", null, "Fix: "), r.fix) :
        null)));
  }

  function filteredCard(route) {
    return h("li", { class: "route filtered", "data-prefix": route.network },
      h("h3", null, route.network),
      h("p", { class: "meta" },
        "session ", route.from_protocol || "?",
        " · AS path ", pathText(route),
        " · next hop ", (route.bgp && route.bgp.next_hop) || route.gateway),
      reasonList(route));
  }

  function acceptedRow(route) {
    const st = states(route);
    return h("tr", { class: "route accepted", "data-prefix": route.network },
      h("th", { scope: "row" }, route.network),
      h("td", null, pathText(route)),
      h("td", null, (route.bgp && route.bgp.next_hop) || route.gateway),
      h("td", null, st.rpki || "—"),
      h("td", null, st.irr || "—"),
      h("td", null, st.tagged ? h("span", { class: "warn" },
        "would be filtered: " + st.tagged.join("; ")) : ""));
  }

  function acceptedTable(routes, caption) {
    return h("div", { class: "scroll" }, h("table", { class: "accepted" },
      h("caption", null, caption),
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, "Prefix"),
        h("th", { scope: "col" }, "AS path"),
        h("th", { scope: "col" }, "Next hop"),
        h("th", { scope: "col" }, "RPKI"),
        h("th", { scope: "col" }, "IRR"),
        h("th", { scope: "col" }, "Note"))),
      h("tbody", null, routes.map(acceptedRow))));
  }

  async function sessionRoutes(name) {
    const q = "?page_size=" + PAGE_SIZE;
    const [acc, fil] = await Promise.all([
      getJSON("routes/protocol/" + encodeURIComponent(name) + q),
      getJSON("routes/filtered/" + encodeURIComponent(name) + q),
    ]);
    return {
      accepted: acc.routes || [], filtered: fil.routes || [],
      more: !!(acc.more || fil.more),
    };
  }

  function reportSection(reports) {
    const sec = h("section", { id: "report", "aria-labelledby": "report-h" },
      h("h2", { id: "report-h" }, "Announced and registered (RFC 7948 §4.3)"));
    const checked = reports.filter((r) => r.irr_checked);
    if (!checked.length) {
      sec.append(h("p", null, "The route server does not check this " +
        "participant's routes against the IRR."));
      return sec;
    }
    const sets = [...new Set(checked.map((r) => r.as_set))].join(", ");
    const notReg = checked.flatMap((r) => r.announced_not_registered.prefixes);
    const nNotReg = checked.reduce((n, r) =>
      n + r.announced_not_registered.count, 0);
    const notAnn = checked.flatMap((r) => r.registered_not_announced.entries);
    const nNotAnn = checked.reduce((n, r) =>
      n + r.registered_not_announced.count, 0);
    const nAnn = checked.reduce((n, r) => n + r.announced, 0);
    const nReg = checked.reduce((n, r) => n + r.registered, 0);
    sec.append(h("p", null, "IRR data: ", h("b", null, sets), ". ",
      nAnn + " prefixes announced, " + nReg + " registered."));
    const more = (n, shown) => n > shown ?
      h("p", { class: "note" }, (n - shown) + " more not shown.") : null;
    fill(sec, [...sec.childNodes],
      h("h3", null, "Announced, not registered (" + nNotReg + ")"),
      notReg.length ? h("ul", { class: "plain", id: "not-registered" },
        notReg.map((p) => h("li", null, p))) :
        h("p", null, "None: every prefix announced is registered."),
      more(nNotReg, notReg.length),
      h("h3", null, "Registered, not announced (" + nNotAnn + ")"),
      notAnn.length ? h("ul", { class: "plain", id: "not-announced" },
        notAnn.map((e) => h("li", null, e.prefix +
          (e.min_len !== e.max_len || e.min_len !== Number(
            e.prefix.split("/")[1]) ? " (lengths " + e.min_len + "–" +
            e.max_len + ")" : "") +
          (e.origin ? " route object, origin AS" + e.origin :
            " prefix list")))) :
        h("p", null, "None: every registered prefix is announced."),
      more(nNotAnn, notAnn.length));
    return sec;
  }

  async function viewParticipant(asn) {
    const e = participants().find((x) => String(x.asn) === String(asn));
    if (!e) {
      fill(view, heading("AS" + asn),
        h("p", null, "No session of the route server has AS" + asn + ". ",
          h("a", { href: "#/" }, "All participants")));
      return;
    }
    const [routes, reports] = await Promise.all([
      Promise.all(e.sessions.map((s) => sessionRoutes(s.name))),
      Promise.all(e.sessions.map((s) => getJSON("x/report/" +
        encodeURIComponent(s.name)).catch(() => ({ irr_checked: false })))),
    ]);
    const accepted = routes.flatMap((r) => r.accepted);
    const filtered = routes.flatMap((r) => r.filtered);
    const more = routes.some((r) => r.more);
    fill(view, 
      heading("AS" + e.asn + (e.names.length ? " " + e.names.join(", ") :
        "")),
      h("p", null, h("a", { href: "#/" }, "All participants")),
      h("ul", { class: "sessions" }, e.sessions.map((s) => h("li", null,
        h("b", null, s.name), " ", s.neighbor_address, " — ",
        h("span", { class: s.state === "up" ? "ok" : "bad" }, s.state),
        s.bgp_state ? " (" + s.bgp_state + ")" : ""))),
      h("section", { id: "filtered", "aria-labelledby": "filtered-h" },
        h("h2", { id: "filtered-h" }, "Filtered routes (" + filtered.length +
          ")"),
        filtered.length ? h("ol", { class: "cards" },
          filtered.map(filteredCard)) :
          h("p", null, "None: the route server accepts every route.")),
      h("section", { id: "accepted", "aria-labelledby": "accepted-h" },
        h("h2", { id: "accepted-h" }, "Accepted routes (" + accepted.length +
          ")"),
        accepted.length ? acceptedTable(accepted, "Accepted routes of AS" +
          e.asn) : h("p", null, "None.")),
      more ? h("p", { class: "note" }, "Only the first " + PAGE_SIZE +
        " routes of each session are shown; the JSON API pages through " +
        "the rest.") : null,
      reportSection(reports));
  }

  async function viewSearch(q) {
    const asn = /^(as)?(\d+)$/i.exec(q.trim());
    if (!asn && !/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(q.trim())) {
      fill(view, heading("Search: " + q), h("p", null, "Search for a " +
        "prefix (192.0.2.0/24), an address (2001:db8::1) or an AS number " +
        "(AS64500)."));
      return;
    }
    const arg = "?page_size=" + SEARCH_SIZE + "&q=" + encodeURIComponent(q);
    const [acc, fil] = await Promise.all([
      getJSON("x/routes/accepted" + arg), getJSON("x/routes/filtered" + arg),
    ]);
    const parts = asn ? participants().filter((e) => e.asn === Number(asn[2]))
      : [];
    const accepted = acc.routes || [];
    const filtered = fil.routes || [];
    fill(view, 
      heading("Search: " + q),
      parts.length ? h("p", null, "Participant: ", parts.map((e) =>
        h("a", { href: "#/as/" + e.asn }, "AS" + e.asn +
          (e.names.length ? " " + e.names.join(", ") : "")))) : null,
      h("p", null, asn ? "Routes with origin AS" + asn[2] + "." :
        "Routes for " + q + " (the longest match)."),
      h("section", { id: "filtered", "aria-labelledby": "filtered-h" },
        h("h2", { id: "filtered-h" }, "Filtered (" + filtered.length + ")"),
        filtered.length ? h("ol", { class: "cards" },
          filtered.map(filteredCard)) : h("p", null, "None.")),
      h("section", { id: "accepted", "aria-labelledby": "accepted-h" },
        h("h2", { id: "accepted-h" }, "Accepted (" + accepted.length + ")"),
        accepted.length ? acceptedTable(accepted, "Accepted routes") :
          h("p", null, "None.")),
      (acc.more || fil.more) ? h("p", { class: "note" }, "Only the first " +
        SEARCH_SIZE + " routes are shown.") : null);
  }

  // ---- routing and live updates ----------------------------------------

  function route() {
    const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
    const m = /^as\/(\d+)$/.exec(hash);
    if (m) return { kind: "as", arg: m[1] };
    const s = /^search\/(.+)$/.exec(hash);
    if (s) return { kind: "search", arg: s[1] };
    return { kind: "list" };
  }

  // The part of x/state the current view depends on.
  function tokenOf(st, r) {
    if (!st) return "";
    let t = st.generation + "|" + st.bird_rsguard.join(",");
    for (const [name, p] of Object.entries(st.protocols)) {
      const mine = r.kind !== "as" || (protocols[name] &&
        String(protocols[name].neighbor_as) === r.arg);
      if (mine) t += "|" + name + ":" + p.state + ":" + p.imported + ":" +
        p.filtered;
    }
    return t;
  }

  function filteredSet() {
    return new Set([...view.querySelectorAll("li.route.filtered")].map(
      (e) => e.dataset.prefix));
  }

  async function render(opts) {
    const r = route();
    const quiet = opts && opts.quiet;
    const before = quiet ? filteredSet() : null;
    const focus = document.activeElement && document.activeElement.id;
    const y = window.scrollY;
    try {
      if (!codes) {
        codes = await getJSON("x/codes");
        if (codes.rs_as) {
          document.getElementById("home").textContent = "AS" + codes.rs_as +
            " route server looking glass";
        }
      }
      await loadProtocols();
      if (r.kind === "as") await viewParticipant(r.arg);
      else if (r.kind === "search") await viewSearch(r.arg);
      else viewParticipants();
      document.title = (document.getElementById("heading") || {})
        .textContent + " — " + document.getElementById("home").textContent;
      if (quiet) {
        const after = filteredSet();
        const flipped = [...before].filter((p) => !after.has(p))
          .concat([...after].filter((p) => !before.has(p)));
        for (const p of flipped) {
          for (const e of view.querySelectorAll("[data-prefix]")) {
            if (e.dataset.prefix === p) e.classList.add("changed");
          }
        }
        say("Updated at " + fmtTime() + (flipped.length ? ": " +
          flipped.map((p) => p + (after.has(p) ? " now filtered" :
            " now accepted")).join(", ") : "") + ".");
        window.scrollTo(0, y);
        // the element that had the focus was replaced: focus its
        // successor, unless the focus went elsewhere meanwhile
        const lost = !document.activeElement ||
          document.activeElement === document.body;
        if (lost && focus && document.getElementById(focus)) {
          document.getElementById(focus).focus({ preventScroll: true });
        }
      } else {
        // after a navigation the new heading takes the focus, unless the
        // reader has moved on to something outside the view (the search
        // box): a late redraw must not take it from there
        const hd = document.getElementById("heading");
        const at = document.activeElement;
        if (hd && opts && opts.moveFocus &&
            (!at || at === document.body || view.contains(at))) hd.focus();
      }
    } catch (err) {
      fail(err);
    }
  }

  function show(opts) {
    rendering = (rendering || Promise.resolve()).then(() => render(opts));
    return rendering;
  }

  async function poll() {
    if (document.hidden) return;
    let st;
    try {
      st = await getJSON("x/state");
    } catch (err) {
      say("The looking glass cannot read the route server now (" +
        err.message + "); retrying.");
      return;
    }
    lastState = st;
    const t = tokenOf(st, route());
    if (t === token) return;
    token = t;
    await show({ quiet: true });
    // the route server re-evaluates its routes a moment after the data
    // changes: look once more
    clearTimeout(again);
    again = setTimeout(() => show({ quiet: true }), 2000);
  }

  document.getElementById("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("q").value.trim();
    if (q) location.hash = "#/search/" + encodeURIComponent(q);
  });
  // The box shows what was searched: set when the address changes, never
  // by a redraw, which may come while something else is typed in it.
  function showQuery() {
    const r = route();
    if (r.kind === "search") document.getElementById("q").value = r.arg;
  }

  window.addEventListener("hashchange", () => {
    showQuery();
    token = tokenOf(lastState, route());
    show({ moveFocus: true });
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) poll();
  });

  (async () => {
    showQuery();
    await show({});
    try {
      lastState = await getJSON("x/state");
      token = tokenOf(lastState, route());
    } catch (err) {
      // poll() says so
    }
    setInterval(poll, POLL_MS);
  })();
})();
