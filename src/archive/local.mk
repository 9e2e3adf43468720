# src/archive: archival copies: record digests, document numbers, QR codes,
# the verification footer and the XMP stamp `raingan verify` reads back.
libraingan_a_SOURCES += src/archive/archive.h src/archive/digest.c \
	src/archive/qr.h src/archive/qr.c src/archive/footer.h src/archive/footer.c \
	src/archive/xmp.h src/archive/xmp.c src/archive/render.h src/archive/render.c
