// A bare keep-alive HTTP server: the cheapest target there is, so the generator is what is measured.
import { createServer } from 'node:http';
const body = Buffer.from('{"ok":true}');
const srv = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
srv.keepAliveTimeout = 120_000;
srv.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${srv.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
