# src/pdf: sources of the pdf module (appended to libraingan.a).
