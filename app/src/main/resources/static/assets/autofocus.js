// Entente console: after a form POST redirects back to a page, move keyboard focus to the message that
// says what happened ([data-autofocus]), so keyboard and screen-reader users hear the outcome first.
(function () {
  'use strict';
  function focusOutcome() {
    var el = document.querySelector('[data-autofocus]');
    if (el) {
      if (!el.hasAttribute('tabindex')) { el.setAttribute('tabindex', '-1'); }
      el.focus();
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', focusOutcome);
  } else {
    focusOutcome();
  }
})();
