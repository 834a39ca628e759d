#include "triage/constituency/csv.hpp"

namespace ncirt::triage::constituency {
namespace {

// Reads one record starting at `pos`; advances `pos` past its line end and `line` past the
// lines it spans. Returns false with `error` set on a quoting error, after skipping to the end
// of the physical line where the error was found.
bool ReadRecord(std::string_view text, std::size_t& pos, int& line,
                std::vector<std::string>& fields, std::string& error) {
  fields.assign(1, std::string());
  bool quoted = false;
  bool after_quote = false;  // a closing quote was seen; only ',' or a line end may follow
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '\0') {
      error = "the file holds a NUL byte; CSV import takes UTF-8 text";
    } else if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          fields.back() += '"';
          ++pos;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        fields.back() += c;
      }
      ++pos;
      continue;
    } else if (c == ',') {
      fields.emplace_back();
      after_quote = false;
    } else if (c == '\r' || c == '\n') {
      pos += (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ? 2 : 1;
      ++line;
      return true;
    } else if (after_quote) {
      error = "text after a closing quote in field " + std::to_string(fields.size()) +
              " (a quote inside a quoted field is written \"\")";
    } else if (c == '"') {
      if (!fields.back().empty()) {
        error = "a quote inside unquoted field " + std::to_string(fields.size()) +
                " (quote the whole field and write the quote as \"\")";
      } else {
        quoted = true;
      }
    } else {
      fields.back() += c;
    }
    if (!error.empty()) {
      while (pos < text.size() && text[pos] != '\n') ++pos;
      if (pos < text.size()) ++pos;
      ++line;
      return false;
    }
    ++pos;
  }
  if (quoted) {
    error = "a quoted field is not closed before the end of the file";
    return false;
  }
  ++line;
  return true;
}

}  // namespace

CsvParse ParseCsv(std::string_view text) {
  CsvParse out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t pos = 0;
  int line = 1;
  std::vector<std::string> fields;
  while (pos < text.size()) {
    const int start = line;
    if (text[pos] == '\n' || text[pos] == '\r') {  // blank line
      pos += (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ? 2 : 1;
      ++line;
      continue;
    }
    std::string error;
    if (ReadRecord(text, pos, line, fields, error)) {
      out.records.push_back(CsvRecord{start, std::move(fields)});
    } else {
      out.errors.push_back(CsvError{start, std::move(error)});
    }
  }
  return out;
}

}  // namespace ncirt::triage::constituency
