// Test pages only: gated fixture scripts record each run here, in order.
window.__runs = [];
