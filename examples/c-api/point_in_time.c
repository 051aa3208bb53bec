/* The point-in-time question through the C API, built with pkg-config:
 *   cc point_in_time.c $(pkg-config --cflags --libs annals) -o point_in_time
 *   ./point_in_time "$(pkg-config --variable=datasetsdir annals)/central-asia-1918-1924"
 */
#include <annals/annals.h>

#include <stdio.h>

int main(int argc, char** argv) {
  annals_db* db = NULL;
  annals_result* result = NULL;
  size_t row;
  if (argc != 2) {
    fprintf(stderr, "usage: %s DATASET_DIR\n", argv[0]);
    return 2;
  }
  if (annals_open(&db) != ANNALS_OK) return 1;
  if (annals_load(db, argv[1], NULL) != ANNALS_OK ||
      annals_query(db, "?- leads(P, \"Communist Party of Bukhara\") @ \"mid-1921\".", &result) !=
          ANNALS_OK) {
    fprintf(stderr, "%s\n", annals_errmsg(db));
    annals_close(db);
    return 1;
  }
  for (row = 0; row < annals_result_row_count(result); ++row) {
    printf("%s\t%s\t%s..%s\t%s\n", annals_result_cell(result, row, 0),
           annals_certainty_name(annals_result_certainty(result, row)),
           annals_result_from(result, row), annals_result_to(result, row),
           annals_result_source_count(result, row) > 0 ? annals_result_source(result, row, 0) : "");
  }
  annals_result_free(result);
  annals_close(db);
  return 0;
}
