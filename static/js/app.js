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
