#!/bin/sh
# PNG previews (src/preview): the service's GET /render/FORM/KEY/page-N.png
# (tests/preview_service.py) against poppler's own rasterizers.
exec python3 "$top_srcdir/tests/preview_service.py"
