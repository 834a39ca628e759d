#pragma once
// Message text without <format> (GCC 12's library lacks it): Cat({"incident ", id, " is ..."}).
//
// Thread-safety: pure functions.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace ncirt::exchange {

// The pieces joined in order.
std::string Cat(std::initializer_list<std::string_view> pieces);

// "name[index]": a path step into a repeated field.
std::string Indexed(std::string_view name, std::int64_t index);

}  // namespace ncirt::exchange
