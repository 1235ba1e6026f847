// Starts @vercel/cosmosdb-server over HTTPS with the certificate the package ships, with two changes that matter to
// the tests: keep-alive connections (the CLI closes every connection, so each request paid a TLS handshake), and a point
// read of a missing document answers 404 as Cosmos DB does (1.0.1 throws a TypeError there and answers 500).
// Usage: node cosmosdb-server.js --host 127.0.0.1 --port 8081
"use strict";
const path = require("path");

const lib = path.join(__dirname, "node_modules", "@vercel", "cosmosdb-server", "lib");
const readDocument = require(path.join(lib, "handler", "read-document"));
const originalRead = readDocument.default;
readDocument.default = (account, req, res, params) => {
  try {
    return originalRead(account, req, res, params);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    res.statusCode = 404;
    return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
  }
};

const { createHttpsServer } = require(lib);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const host = option("--host", "127.0.0.1");
const port = parseInt(option("--port", "8081"), 10);

const server = createHttpsServer({ keepAlive: true }).listen(port, host, () => {
  console.log(`Ready to accept HTTPS connections at ${host}:${server.address().port}`);
});
