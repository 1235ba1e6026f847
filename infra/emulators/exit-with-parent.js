// Preloaded into each emulator (node --require): the test host holds our stdin open, so when it exits, even by a
// crash that skips its clean-up, stdin ends and the emulator exits instead of lingering on its port.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
