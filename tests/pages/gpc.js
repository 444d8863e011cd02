// Test fixture: the browser sends Global Privacy Control (as Firefox, Brave or DuckDuckGo can).
Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: function () { return true; }, configurable: true });
