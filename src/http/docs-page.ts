/**
 * `GET /docs`: a human-readable page of the API, rendered in the browser from
 * `/openapi.json` by a few lines of inline script, so it needs no external assets (the
 * gateway may run where no CDN is reachable).
 *
 * @module
 */

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>pqgate API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ddd;margin-top:2rem}code{background:#f4f4f4;padding:0 .3em;border-radius:3px}
.op{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #4a7}.m{font-weight:700;text-transform:uppercase}
pre{background:#f7f7f7;padding:.5rem;overflow:auto;font-size:13px}
</style></head>
<body><h1>pqgate API</h1><p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1).
Errors are <code>application/problem+json</code> (RFC 9457); bytes are unpadded base64url.</p><div id="ops"></div>
<script>
fetch("/openapi.json").then((r) => r.json()).then((doc) => {
  const root = document.getElementById("ops");
  const text = (tag, value, cls) => { const e = document.createElement(tag); e.textContent = value; if (cls) e.className = cls; return e; };
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const box = document.createElement("div"); box.className = "op";
      const head = document.createElement("div");
      head.append(text("span", method + " ", "m"), text("code", path), text("span", " — " + (op.summary || "")));
      box.append(head);
      const body = op.requestBody && op.requestBody.content["application/json"];
      if (body) box.append(text("pre", JSON.stringify(body.schema, null, 2)));
      box.append(text("div", "Responses: " + Object.keys(op.responses).join(", ")));
      root.append(box);
    }
  }
});
</script></body></html>`;

/** The docs page response. */
export function docsPage(): Response {
  return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
}
