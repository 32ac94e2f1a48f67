"""Response headers that harden every page, and what changes behind a TLS proxy.

Settings (config or environment, see docs/deploy.md):
- HTTPS (`AUDIT_HTTPS=1`): cookies get `Secure`, responses carry HSTS.
- PROXY_FIX_X_FOR / _X_PROTO / _X_HOST: how many proxies set each X-Forwarded-* header
  (0 = do not trust it). Behind one nginx or load balancer: 1, 1, 1.
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline scripts anywhere (page data travels in <script type="application/json">, which
# is not executed); inline style attributes remain for colour swatches and bar widths.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # The auditor's page uses the camera, the microphone and the position, on this site only.
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(self)",
}
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Trust the configured proxies, mark cookies Secure under HTTPS, add the headers."""
    hops = {
        name: int(app.config.get(f"PROXY_FIX_{name.upper()}", 0))
        for name in ("x_for", "x_proto", "x_host")
    }
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **hops)  # type: ignore[method-assign]
    if app.config.get("HTTPS"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True

    @app.after_request
    def harden(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure or app.config.get("HTTPS"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
