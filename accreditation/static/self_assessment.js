// Autosave for the self-assessment: each criterion is saved a moment after the person stops typing. The page
// works without this script (the Save button posts the whole area). Nothing typed is ever dropped: a conflict
// keeps the person's text and shows the saved one; a lost connection keeps the text in the page and in this
// browser's storage, and retries.
(function () {
  "use strict";
  var form = document.getElementById("area-form");
  if (!form || !window.fetch) { return; }
  var urlPattern = form.getAttribute("data-autosave");
  var token = form.querySelector("input[name=csrf_token]").value;
  // Per person (another person on this browser never sees them) and removed at sign-out (signed_out.js).
  var storageKey = "ssa-unsaved-" + form.getAttribute("data-user") + "-" + form.getAttribute("data-application") + "-";
  var DELAY = 1200, timers = {}, dirty = {};
  // The page gives its messages in the person's language (data-text-* attributes of the form).
  function msg(name) { return form.getAttribute("data-text-" + name) || name; }

  // The session ends after a while without activity (data-idle-seconds); each save is activity. A notice comes
  // data-warning-seconds before the end, with a button that keeps the session; after the end it says so.
  var IDLE = parseInt(form.getAttribute("data-idle-seconds"), 10) || 0;
  var WARNING = parseInt(form.getAttribute("data-warning-seconds"), 10) || 0;
  var lifetime = { warn: null, end: null, notice: null };

  function notice(text, action) {
    if (!lifetime.notice) {
      lifetime.notice = document.createElement("div");
      lifetime.notice.className = "flash flash-warning session-notice";
      lifetime.notice.setAttribute("role", "alert");
      lifetime.notice.style.position = "sticky";
      lifetime.notice.style.top = "0";
      lifetime.notice.style.zIndex = "10";
      form.insertBefore(lifetime.notice, form.firstChild);
    }
    lifetime.notice.textContent = text + " ";
    if (action) { lifetime.notice.appendChild(action); }
  }

  function signedOut() {
    clearTimeout(lifetime.warn); clearTimeout(lifetime.end);
    var link = document.createElement("a");
    link.href = form.getAttribute("data-sign-in");
    link.textContent = msg("sign-in");
    notice(msg("expired"), link);
  }

  function stay() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.ok && !response.redirected) { active(); } else { signedOut(); }
      }).catch(function () { /* offline: the notice stays */ });
  }

  function active() {
    if (!IDLE) { return; }
    clearTimeout(lifetime.warn); clearTimeout(lifetime.end);
    if (lifetime.notice) { lifetime.notice.remove(); lifetime.notice = null; }
    lifetime.warn = setTimeout(function () {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = msg("stay");
      button.addEventListener("click", stay);
      notice(msg("expiring"), button);
    }, Math.max(0, IDLE - WARNING) * 1000);
    lifetime.end = setTimeout(signedOut, IDLE * 1000);
  }
  active();

  function fields(fieldset) {
    var code = fieldset.getAttribute("data-criterion");
    return {
      code: code,
      revision: fieldset.querySelector("input[name='revision-" + code + "']"),
      commentary: fieldset.querySelector("textarea"),
      status: fieldset.querySelector("[data-status]"),
      level: function () {
        var checked = fieldset.querySelector("input[type=radio]:checked");
        return checked ? checked.value : "";
      }
    };
  }

  function say(f, text, kind) {
    f.status.textContent = text;
    f.status.className = "save-status" + (kind ? " " + kind : "");
  }

  function showProgress(data) {
    if (!data.areas) { return; }
    Object.keys(data.areas).forEach(function (area) {
      var holder = document.getElementById("progress-" + area);
      if (!holder) { return; }
      var bar = holder.querySelector("progress");
      bar.value = data.areas[area];
      holder.querySelector("span").textContent = " " + data.areas[area] + "/" + bar.max;
    });
    var overall = document.getElementById("progress");
    if (overall) {
      overall.textContent = msg("progress").replace("{answered}", data.answered);
    }
  }

  // The "Before you submit" box, redrawn from what the server says still blocks the submission.
  function showSubmission(data) {
    var section = document.getElementById("submission");
    if (!section || !data.submission) { return; }
    var heading = section.querySelector("h2");
    var kept = Array.prototype.slice.call(section.querySelectorAll("[data-keep]"));  // not about the answers
    while (heading.nextSibling) { section.removeChild(heading.nextSibling); }
    kept.forEach(function (node) { section.appendChild(node); });
    data.submission.forEach(function (option) {
      if (option.possible) {
        if (!kept.length) {  // a kept warning (missing evidence) already says what is missing
          var ready = document.createElement("p");
          ready.className = "status status-ok";
          ready.textContent = section.getAttribute("data-text-ready");
          section.appendChild(ready);
        }
        var action = document.createElement("p");
        var link = document.createElement("a");
        link.className = "button primary";
        link.href = option.url;
        link.textContent = option.label;
        action.appendChild(link);
        section.appendChild(action);
      } else {
        var list = document.createElement("ul");
        list.className = "reasons"; list.id = "missing";
        option.reasons.forEach(function (reason) {
          var item = document.createElement("li");
          item.textContent = reason;
          list.appendChild(item);
        });
        section.appendChild(list);
      }
    });
  }

  function remember(f) {
    try {
      localStorage.setItem(storageKey + f.code, JSON.stringify({
        level: f.level(), commentary: f.commentary.value, revision: f.revision.value
      }));
    } catch (e) { /* private mode: the text stays in the page */ }
  }

  function forget(code) { try { localStorage.removeItem(storageKey + code); } catch (e) { /* ignore */ } }

  function save(fieldset, attempt) {
    var f = fields(fieldset);
    var body = new FormData();
    body.append("level", f.level());
    body.append("commentary", f.commentary.value);
    body.append("revision", f.revision.value);
    say(f, msg("saving"));
    fetch(urlPattern.replace("__code__", encodeURIComponent(f.code)), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status === 401) {
        remember(f);
        say(f, msg("failed"), "failed");
        signedOut();
        return;
      }
      active();  // the server saw this request: the session lives on
      if (result.status === 200) {
        f.revision.value = result.data.revision;
        delete dirty[f.code];
        forget(f.code);
        say(f, msg("saved") + " " + new Date().toLocaleTimeString());
        showProgress(result.data);
        showSubmission(result.data);
      } else if (result.status === 409 && result.data.saved) {
        // Someone saved this criterion meanwhile: keep the person's text, show theirs, let the next save win.
        f.revision.value = result.data.saved.revision;
        var note = fieldset.querySelector(".conflict-live") || document.createElement("div");
        note.className = "conflict conflict-live";
        note.setAttribute("role", "alert");
        note.textContent = "";
        var p = document.createElement("p");
        p.textContent = result.data.message;
        var quote = document.createElement("blockquote");
        quote.textContent = "(" + (result.data.saved.level || "—") + ") " + (result.data.saved.commentary || "");
        note.appendChild(p); note.appendChild(quote);
        fieldset.querySelector(".criterion-footer").before(note);
        say(f, msg("conflict"), "failed");
      } else {
        var message = (result.data.error && result.data.error.message) || msg("failed");
        say(f, message, "failed");
      }
    }).catch(function () {
      remember(f);
      var wait = Math.min(30000, 2000 * Math.pow(2, attempt || 0));
      say(f, msg("offline"), "failed");
      timers[f.code] = setTimeout(function () { save(fieldset, (attempt || 0) + 1); }, wait);
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-criterion]"), function (fieldset) {
    var f = fields(fieldset);
    // Text typed in this browser that never reached the server (e.g. the connection dropped): put it back.
    try {
      var kept = JSON.parse(localStorage.getItem(storageKey + f.code) || "null");
      if (kept && kept.revision === f.revision.value &&
          (kept.commentary !== f.commentary.value || kept.level !== f.level())) {
        f.commentary.value = kept.commentary;
        var radio = fieldset.querySelector("input[type=radio][value='" + kept.level + "']");
        if (radio) { radio.checked = true; }
        dirty[f.code] = true;
        say(f, msg("restored"), "unsaved");
        save(fieldset, 0);
      }
    } catch (e) { /* ignore */ }
    function changed() {
      dirty[f.code] = true;
      remember(f);
      say(f, msg("pending"), "unsaved");
      clearTimeout(timers[f.code]);
      timers[f.code] = setTimeout(function () { save(fieldset, 0); }, DELAY);
    }
    fieldset.addEventListener("input", changed);
    fieldset.addEventListener("change", changed);
  });

  window.addEventListener("beforeunload", function (event) {
    if (Object.keys(dirty).length) { event.preventDefault(); event.returnValue = ""; }
  });
  form.addEventListener("submit", function () { dirty = {}; });
})();
