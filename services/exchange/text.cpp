#include "exchange/text.hpp"

namespace ncirt::exchange {

std::string Cat(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (const std::string_view piece : pieces) size += piece.size();
  std::string out;
  out.reserve(size);
  for (const std::string_view piece : pieces) out += piece;
  return out;
}

std::string Indexed(std::string_view name, std::int64_t index) {
  return Cat({name, "[", std::to_string(index), "]"});
}

}  // namespace ncirt::exchange
