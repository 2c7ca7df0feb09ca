/* Progressive enhancements for public pages; every page works without them. */
(function () {
  "use strict";

  /* "name [at] example [dot] org" becomes a mailto link (the address never sits in the HTML). */
  function revealEmails() {
    document.querySelectorAll("[data-email]").forEach(function (element) {
      var address = element.getAttribute("data-email")
        .replace(/\s*\[at\]\s*/g, "@")
        .replace(/\s*\[dot\]\s*/g, ".");
      var link = document.createElement("a");
      link.href = "mailto:" + address;
      link.className = element.className.replace("email-obfuscated", "email-link");
      link.title = address;
      while (element.firstChild) {
        link.appendChild(element.firstChild);
      }
      var text = link.querySelector(".email-text");
      var label = element.getAttribute("data-label");
      if (text && label && label !== "Email") {
        text.textContent = label;
        link.classList.add("email-labelled");  /* print.css writes the address after it */
      } else if (text) {
        text.textContent = address;
      }
      element.replaceWith(link);
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  /* Copy buttons ship hidden: without JavaScript there is nothing to click. */
  function enableCopyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) {
        return;
      }
      var label = button.querySelector(".copy-label") || button;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(target.textContent.trim()).then(
          function () { label.textContent = "Copied"; },
          function () { label.textContent = "Press Ctrl+C"; }
        ).then(function () {
          window.setTimeout(function () { label.textContent = "Copy"; }, 2000);
        });
      });
      button.setAttribute("aria-live", "polite");
    });
  }

  function init() {
    revealEmails();
    enableCopyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
