/* The sections' bar (.mainnav) scrolls sideways when it does not fit: keep the current
 * page's link in view (on load and when the screen turns), and fade the edge where more
 * links hide (data-more="left", "right" or "both", set from physical pixels, so the same
 * arithmetic serves right-to-left pages, whose scrollLeft runs negative). */
(function () {
  "use strict";

  const nav = document.querySelector(".mainnav");
  if (!nav) return;
  const current = nav.querySelector("[aria-current=page]");

  function reveal() {
    if (!current) return;
    const bar = nav.getBoundingClientRect();
    const link = current.getBoundingClientRect();
    if (link.left >= bar.left && link.right <= bar.right) return;
    nav.scrollLeft += (link.left + link.right - bar.left - bar.right) / 2; // centred
  }

  function hint() {
    const bar = nav.getBoundingClientRect();
    const links = nav.querySelectorAll("a");
    if (!links.length) return;
    const edges = [links[0].getBoundingClientRect(), links[links.length - 1].getBoundingClientRect()];
    const left = Math.min(edges[0].left, edges[1].left) < bar.left - 1;
    const right = Math.max(edges[0].right, edges[1].right) > bar.right + 1;
    const more = left && right ? "both" : left ? "left" : right ? "right" : "";
    if (more) nav.dataset.more = more;
    else delete nav.dataset.more;
  }

  reveal();
  hint();
  nav.addEventListener("scroll", hint, { passive: true });
  window.addEventListener("resize", function () { reveal(); hint(); });
})();
