// A browser whose crypto.getRandomValues fills nothing (a broken or stubbed implementation):
// kelisim must not make ids of zeros.
Object.defineProperty(Crypto.prototype, "getRandomValues", { value: function (a) { return a; } });
