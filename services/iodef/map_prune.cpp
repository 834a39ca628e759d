#include "iodef/map_prune.hpp"

#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>

namespace ncirt::iodef {

void PruneEmptyMessages(google::protobuf::Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->message_type() == google::protobuf::Timestamp::descriptor()) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        PruneEmptyMessages(*reflection->MutableRepeatedMessage(&message, field, i));
      }
      continue;
    }
    google::protobuf::Message* child = reflection->MutableMessage(&message, field);
    PruneEmptyMessages(*child);
    if (field->real_containing_oneof() == nullptr && child->ByteSizeLong() == 0) {
      reflection->ClearField(&message, field);
    }
  }
}

}  // namespace ncirt::iodef
