"""Pages anyone may open without signing in: certificate verification, the certified schools, the issuer's keys."""
