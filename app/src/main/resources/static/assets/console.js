// Entente console: behaviour shared by every page. Loaded as a file (the CSP forbids inline scripts);
// page-specific scripts live next to it. Event wiring uses addEventListener only.
(function () {
  'use strict';
  // Move keyboard focus to content htmx swapped in when it asks for it (data-focus-after-swap), so
  // keyboard and screen-reader users land on the result of their action.
  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (!target) { return; }
    var focus = target.querySelector('[data-focus-after-swap]') || (target.hasAttribute('data-focus-after-swap') ? target : null);
    if (focus) {
      if (!focus.hasAttribute('tabindex')) { focus.setAttribute('tabindex', '-1'); }
      focus.focus();
    }
  });
  // Mark the document once htmx has processed the page (htmx fires htmx:load on the body after its
  // initial pass). Until then a click on an htmx control does nothing; browser tests wait for this
  // mark after following a link instead of racing the deferred scripts.
  document.addEventListener('htmx:load', function (event) {
    if (event.target === document.body) {
      document.documentElement.setAttribute('data-htmx-ready', 'true');
    }
  });
  // A failed htmx request (network down) gets a visible message instead of nothing happening.
  document.addEventListener('htmx:sendError', function (event) {
    var target = event.detail && event.detail.target;
    if (target) {
      var p = document.createElement('p');
      p.className = 'problem';
      p.setAttribute('role', 'alert');
      p.textContent = 'The node could not be reached. Check your connection and try again.';
      target.replaceChildren(p);
    }
  });
})();
