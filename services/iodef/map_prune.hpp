#pragma once
// Makes "absent" one thing in the model: an optional sub-message that holds nothing (an IODEF
// restriction attribute that was not there, a Confidence the renderer had to empty) is cleared
// rather than left set-but-empty.
//
// Mappers and the renderer's preparation both end with it, so a model read from XML and the
// same model read back from its rendering compare equal field by field. Left alone: oneof
// members (an empty <SystemImpact/> is still an impact) and Timestamps (1970-01-01T00:00:00Z is
// a time).
//
// Internal to the codec. Thread-safety: touches only the given message.

#include <google/protobuf/message.h>

namespace ncirt::iodef {

void PruneEmptyMessages(google::protobuf::Message& message);

}  // namespace ncirt::iodef
