#pragma once
// A strict RFC 4180 reader for the registry's CSV import (docs/api-constituency.md): fields
// separated by commas, records by CRLF or LF, double-quoted fields may hold commas, quotes
// ("") and line breaks. Each record carries the physical line it starts on, so errors can name
// the line a person sees in an editor. Malformed quoting is reported by line, not guessed at.
//
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace ncirt::triage::constituency {

struct CsvRecord {
  // 1-based physical line where the record starts.
  int line = 0;
  std::vector<std::string> fields;
};

struct CsvError {
  int line = 0;
  std::string message;
};

struct CsvParse {
  std::vector<CsvRecord> records;
  // Quoting errors; a record with such an error is not in `records`.
  std::vector<CsvError> errors;
};

// Splits `text` into records. Blank lines are skipped; a UTF-8 byte-order mark at the start is
// ignored; a text with a NUL byte is one error at its line.
CsvParse ParseCsv(std::string_view text);

}  // namespace ncirt::triage::constituency
