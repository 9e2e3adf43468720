# src/sign: PDF digital signatures (CMS detached, incremental update).
libraingan_a_SOURCES += src/sign/pdf_object.c src/sign/pdf_object.h \
	src/sign/pdf_file.c src/sign/pdf_file.h src/sign/signer.c src/sign/signer.h \
	src/sign/appearance.c src/sign/appearance.h src/sign/sign.c src/sign/sign.h \
	src/sign/pdf_update.c src/sign/pdf_update.h src/sign/http.c src/sign/http.h \
	src/sign/tsa.c src/sign/tsa.h \
	src/sign/dss.c src/sign/dss.h src/sign/ltv.c src/sign/ltv.h
libraingan_a_SOURCES += src/sign/pdf_history.c src/sign/pdf_history.h src/sign/signature_check.c \
	src/sign/signature_check.h
libraingan_a_SOURCES += src/sign/openssl_error.c src/sign/openssl_error.h
