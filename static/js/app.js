// Site-wide behaviour, wired here rather than in inline handlers so the CSP can forbid inline script.
(function () {
  "use strict";

  function currentTheme() {
    return document.documentElement.getAttribute("data-bs-theme") === "dark" ? "dark" : "light";
  }

  function syncThemeToggles() {
    var dark = currentTheme() === "dark";
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", dark ? "true" : "false");
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-theme-toggle]");
    if (!button) return;
    var next = currentTheme() === "dark" ? "light" : "dark";
    document.documentElement.setAttribute("data-bs-theme", next);
    try { window.localStorage.setItem("ps-theme", next); } catch (e) { /* not remembered, still applied */ }
    syncThemeToggles();
  });

  document.addEventListener("DOMContentLoaded", syncThemeToggles);

  // After an htmx swap, tell screen-reader users where they are by moving focus to a marked target.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target && event.detail.target.querySelector("[data-focus-after-swap]");
    if (target) target.focus();
  });
})();

// Drafts: long text typed into a composer survives a reload, a validation error or an expired session.
// Each composer form carries data-draft-scope; text is kept in this browser only (localStorage), under the
// signed-in person's id, and cleared once the server confirms the post with a message marked
// data-draft-saved. On a shared computer nobody finds someone else's words: signing out clears every
// draft, and a page opened by another person clears the drafts that were not theirs.
(function () {
  "use strict";
  var PENDING = "ps-drafts-pending";
  var PREFIX = "ps-draft:";

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function draftKeys(local) {
    var keys = [];
    for (var i = 0; i < local.length; i++) {
      var key = local.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys;
  }

  function keyFor(owner, field) {
    var form = field.closest("[data-draft-scope]");
    return form ? PREFIX + owner + ":" + form.getAttribute("data-draft-scope") + ":" + field.name : null;
  }

  document.addEventListener("submit", function (event) {
    var local = store();
    var signout = document.body.getAttribute("data-signout-path");
    var action = event.target.getAttribute("action") || "";
    if (local && signout && action.split("?")[0] === signout) {
      draftKeys(local).forEach(function (key) { local.removeItem(key); });
      try { window.sessionStorage.removeItem(PENDING); } catch (e) { /* best effort */ }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var local = store();
    var owner = document.body.getAttribute("data-draft-owner");
    if (!local || !owner) return;
    draftKeys(local).forEach(function (key) {
      if (key.indexOf(PREFIX + owner + ":") !== 0) local.removeItem(key);
    });
    var pending = [];
    try { pending = JSON.parse(window.sessionStorage.getItem(PENDING) || "[]"); } catch (e) { pending = []; }
    if (document.querySelector("[data-draft-saved]")) {
      pending.forEach(function (key) { local.removeItem(key); });
      window.sessionStorage.removeItem(PENDING);
    }
    document.querySelectorAll("[data-draft-scope] textarea").forEach(function (field) {
      var key = keyFor(owner, field);
      var saved = key && local.getItem(key);
      if (saved && !field.value) {
        field.value = saved;
        var note = document.createElement("p");
        note.className = "form-text draft-note";
        note.setAttribute("role", "status");
        note.textContent = field.closest("[data-draft-scope]").getAttribute("data-draft-restored") || "";
        field.insertAdjacentElement("afterend", note);
      }
      field.addEventListener("input", function () {
        if (field.value) { local.setItem(key, field.value); } else { local.removeItem(key); }
      });
    });
    // Choices (a quiz's answers) are kept the same way: the checked values of each named group.
    var restoredChoices = false;
    document.querySelectorAll("[data-draft-scope]").forEach(function (form) {
      var names = {};
      form.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
        (names[input.name] = names[input.name] || []).push(input);
      });
      Object.keys(names).forEach(function (name) {
        var inputs = names[name];
        var key = keyFor(owner, inputs[0]);
        var saved = null;
        try { saved = JSON.parse(local.getItem(key) || "null"); } catch (e) { saved = null; }
        var anyChecked = inputs.some(function (input) { return input.checked; });
        if (saved && saved.length && !anyChecked) {
          inputs.forEach(function (input) { input.checked = saved.indexOf(input.value) !== -1; });
          restoredChoices = true;
        }
        inputs.forEach(function (input) {
          input.addEventListener("change", function () {
            var values = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
            if (values.length) { local.setItem(key, JSON.stringify(values)); } else { local.removeItem(key); }
          });
        });
      });
      if (restoredChoices && !form.querySelector(".draft-note")) {
        var note = document.createElement("p");
        note.className = "form-text draft-note";
        note.setAttribute("role", "status");
        note.textContent = form.getAttribute("data-draft-restored") || "";
        form.insertAdjacentElement("afterbegin", note);
      }
    });
    document.querySelectorAll("[data-draft-scope]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var keys = [];
        form.querySelectorAll("textarea, input[type=radio], input[type=checkbox]").forEach(function (field) {
          keys.push(keyFor(owner, field));
        });
        try { window.sessionStorage.setItem(PENDING, JSON.stringify(keys)); } catch (e) { /* best effort */ }
      });
    });
  });
})();

// A "print" button (the certificate): no inline script under the CSP, so it is wired here.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// A form that comes back with errors says so in an alert that takes the focus, so a screen reader hears it
// and the keyboard starts from there.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-focus-on-load]");
  if (target) target.focus();
});
