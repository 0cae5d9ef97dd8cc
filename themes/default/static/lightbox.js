// Gallery lightbox for exhibition and section pages: a figure's image opens large in a dialog
// with its caption and a link to the item; arrow keys and swipes go to the page's other
// figures; Escape or the close button returns focus to the figure. Without this script every
// figure is simply a link to its item page. No inline code, no third-party code.
(function () {
  "use strict";
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-lightbox]"));
  if (!links.length || typeof HTMLDialogElement === "undefined") return;
  var labels = links[0].dataset;
  var dialog, img, caption, itemLink, prev, next, close;
  var current = 0;
  var opener = null;
  var rtl = document.documentElement.dir === "rtl";
  var startX = null;

  function build() {  // made on first use, so the page holds no empty image until then
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", labels.lightboxLabel || "");
    dialog.innerHTML =
      '<div class="lightbox-frame"><img class="lightbox-image" alt="">' +
      '<div class="lightbox-bar"><p class="lightbox-caption"></p>' +
      '<a class="lightbox-item"></a>' +
      '<span class="lightbox-buttons"><button type="button" class="lightbox-prev"></button>' +
      '<button type="button" class="lightbox-next"></button>' +
      '<button type="button" class="lightbox-close"></button></span></div></div>';
    document.body.appendChild(dialog);
    img = dialog.querySelector(".lightbox-image");
    caption = dialog.querySelector(".lightbox-caption");
    itemLink = dialog.querySelector(".lightbox-item");
    prev = dialog.querySelector(".lightbox-prev");
    next = dialog.querySelector(".lightbox-next");
    close = dialog.querySelector(".lightbox-close");
    prev.textContent = labels.lightboxPrev || "‹";
    next.textContent = labels.lightboxNext || "›";
    close.textContent = labels.lightboxClose || "×";
    itemLink.textContent = labels.lightboxItem || "";
    prev.hidden = next.hidden = links.length < 2;
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      img.removeAttribute("src");
      if (opener) opener.focus();
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  // a click on the backdrop
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") show(current + (rtl ? -1 : 1));
      else if (event.key === "ArrowLeft") show(current + (rtl ? 1 : -1));
    });
    dialog.addEventListener("pointerdown", function (event) { startX = event.clientX; });
    dialog.addEventListener("pointerup", function (event) {
      if (startX === null) return;
      var dx = event.clientX - startX;
      startX = null;
      if (Math.abs(dx) > 50) show(current + ((dx < 0) !== rtl ? 1 : -1));
    });
  }

  function show(n) {
    current = (n + links.length) % links.length;
    var link = links[current];
    var thumb = link.querySelector("img");
    img.src = link.dataset.large;
    img.alt = thumb ? thumb.alt : "";
    img.width = Number(link.dataset.width) || 0;
    img.height = Number(link.dataset.height) || 0;
    var figure = link.closest("figure");
    var text = figure && figure.querySelector("figcaption");
    caption.textContent = text ? text.textContent.replace(/\s+/g, " ").trim() : "";
    itemLink.href = link.getAttribute("href");
  }

  function open(n, from) {
    if (!dialog) build();
    opener = from;
    show(n);
    dialog.showModal();
    close.focus();
  }

  links.forEach(function (link, n) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      open(n, link);
    });
  });
})();
