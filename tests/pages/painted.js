// Records the start time of the first frame that renders the banner (window.__bannerFrame, on
// the performance.now() clock of Resource Timing): the frame's rAF callback finds the banner in
// kelisim's shadow root, and that frame paints it.
(function () {
  function look(t) {
    var host = document.getElementById("kelisim-root");
    var root = host && host.shadowRoot;
    if (root && root.querySelector('[data-kelisim-screen="banner"]')) window.__bannerFrame = t;
    else requestAnimationFrame(look);
  }
  requestAnimationFrame(look);
})();
