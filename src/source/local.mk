# src/source: records from other sources than raingan's JSON, through a
# mapping file: CSV files (libcsv) here; PostgreSQL (libpq) in the program
# raingan-pg only (see src/cli/local.mk).
libraingan_a_SOURCES += src/source/source_map.c src/source/source_map.h src/source/table.h \
	src/source/table_records.c src/source/table_records.h \
	src/source/csv_table.c src/source/csv_table.h src/source/csv_source.c src/source/csv_source.h
