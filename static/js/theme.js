// Applies the remembered colour mode before the page paints, so dark mode never flashes light.
(function () {
  var stored = null;
  try { stored = window.localStorage.getItem("ps-theme"); } catch (e) { /* storage may be blocked */ }
  var prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.setAttribute("data-bs-theme", stored || (prefersDark ? "dark" : "light"));
})();
