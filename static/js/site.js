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

  function searchText(article) {
    var parts = [];
    /* What the server searches: title, short and full venue, author names. */
    article.querySelectorAll(".pub-title, .venue, .author").forEach(
      function (element) { parts.push(element.textContent, element.getAttribute("title") || ""); }
    );
    return parts.join(" ").toLowerCase();
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  /* The publication list's filters on a static copy (the HTML export), where no server
     reads ?year=…&type=…&tag=…&q=: the page holds every paper, so they are filtered
     here, by the rules the server applies. Pages the server filtered say so already. */
  function filterInPage() {
    var form = document.querySelector("form[data-filter-in-page]");
    var section = form && form.closest("section");
    if (!section || section.querySelector(".result-count") || !window.location.search) {
      return;
    }
    var params = new URLSearchParams(window.location.search);
    var wanted = {};
    /* As profiles.views reads them: a year of up to four digits, a known type (here: one
       the form offers), a topic by slug or by name, text of up to 200 characters. */
    var year = params.get("year") || "";
    if (/^[0-9]{1,4}$/.test(year) && Number(year) !== 0) {
      wanted.year = String(Number(year));
    }
    var type = params.get("type") || "";
    if (type && form.querySelector("#filter-type option[value='" + CSS.escape(type) + "']")) {
      wanted.type = type;
    }
    var tag = (params.get("tag") || "").trim();
    if (tag) {
      wanted.tags = [tag, tag.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/[\s-]+/g, "-")];
    }
    var text = (params.get("q") || "").trim().slice(0, 200);
    if (text) {
      wanted.q = text.toLowerCase();
    }
    ["year", "type", "tag", "q"].forEach(function (name) {
      var field = form.elements[name];
      if (field && params.get(name)) {
        field.value = params.get(name);
      }
    });
    if (!Object.keys(wanted).length) {
      return;
    }
    var shown = 0;
    /* div: an article of the "list" style carries the class pub-list too. */
    section.querySelectorAll("div.pub-list").forEach(function (list) {
      var visible = 0;
      list.querySelectorAll("article.publication").forEach(function (article) {
        var data = article.dataset;
        var match = (!wanted.year || data.year === wanted.year) &&
          (!wanted.type || data.type === wanted.type) &&
          (!wanted.tags || (data.tags || "").split(" ").some(function (slug) {
            return wanted.tags.indexOf(slug) >= 0;
          })) &&
          (!wanted.q || searchText(article).indexOf(wanted.q) >= 0);
        article.hidden = !match;
        visible += match ? 1 : 0;
      });
      list.hidden = !visible;
      var heading = list.previousElementSibling;
      if (heading && heading.classList.contains("pub-group-title")) {
        heading.hidden = !visible;
        heading.querySelector(".count").textContent = visible;
      }
      shown += visible;
    });
    section.querySelector("h1 .count").textContent = shown;
    var status = document.createElement("p");
    status.className = "result-count";
    status.setAttribute("role", "status");
    status.textContent = plural(shown, "publication matches.", "publications match.");
    section.querySelector(".downloads").after(status);
    if (!shown) {
      var empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "No publications match these filters.";
      section.appendChild(empty);
    }
    var clear = document.createElement("a");
    clear.className = "btn";
    clear.href = form.getAttribute("action");
    clear.textContent = "Clear";
    form.querySelector(".field-actions").appendChild(clear);
  }

  function init() {
    revealEmails();
    enableCopyButtons();
    filterInPage();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
