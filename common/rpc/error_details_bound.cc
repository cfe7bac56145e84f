#include "common/rpc/error_details_bound.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/rpc/error_details.pb.h"

namespace govmetrics::rpc {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
constexpr int kMaxDepth = 8;  // detail messages nest two or three levels

// A repeated field of one detail that had more entries than were sent.
struct CutList {
  size_t detail;                  // index into the unpacked details
  const FieldDescriptor* field;
  int total;                      // entries before the cut
};

// A detail as a message of its generated type, or null for types this binary does not
// link (kept as they are, or dropped whole when over the budget).
std::unique_ptr<Message> Unpack(const google::protobuf::Any& any) {
  const std::string& url = any.type_url();
  const std::string name = url.substr(url.rfind('/') + 1);
  const Descriptor* type =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(name);
  if (type == nullptr) return nullptr;
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr) return nullptr;
  std::unique_ptr<Message> message(prototype->New());
  if (!message->ParseFromString(any.value())) return nullptr;
  return message;
}

void CutRepeated(Message* message, const FieldDescriptor* field, size_t detail,
                 std::vector<CutList>* cuts) {
  const Reflection* reflection = message->GetReflection();
  const int total = reflection->FieldSize(*message, field);
  if (total <= kMaxDetailItems) return;
  while (reflection->FieldSize(*message, field) > kMaxDetailItems) {
    reflection->RemoveLast(message, field);
  }
  if (cuts != nullptr) cuts->push_back({detail, field, total});
}

// Cuts every repeated field to kMaxDetailItems and every string to kMaxDetailStringBytes,
// recursively; lists of the top-level detail are recorded in `cuts`.
void BoundMessage(Message* message, size_t detail, std::vector<CutList>* cuts, int depth) {
  if (depth > kMaxDepth) return;
  const Reflection* reflection = message->GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const FieldDescriptor* field : fields) {
    const bool is_string = field->cpp_type() == FieldDescriptor::CPPTYPE_STRING;
    const bool is_message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (field->is_repeated()) {
      CutRepeated(message, field, detail, depth == 0 ? cuts : nullptr);
      const int n = reflection->FieldSize(*message, field);
      for (int i = 0; i < n; ++i) {
        if (is_message) {
          BoundMessage(reflection->MutableRepeatedMessage(message, field, i), detail, cuts,
                       depth + 1);
        } else if (is_string) {
          reflection->SetRepeatedString(
              message, field, i,
              TruncateUtf8(reflection->GetRepeatedString(*message, field, i),
                           kMaxDetailStringBytes));
        }
      }
    } else if (is_message) {
      BoundMessage(reflection->MutableMessage(message, field), detail, cuts, depth + 1);
    } else if (is_string) {
      reflection->SetString(
          message, field,
          TruncateUtf8(reflection->GetString(*message, field), kMaxDetailStringBytes));
    }
  }
}

struct Detail {
  std::string type_url;
  std::unique_ptr<Message> message;  // null: an unknown type, `raw` holds its bytes
  std::string raw;
};

size_t PackedSize(const google::rpc::Status& status, const std::vector<Detail>& details) {
  google::rpc::Status packed;
  packed.set_code(status.code());
  packed.set_message(status.message());
  for (const Detail& d : details) {
    auto* any = packed.add_details();
    any->set_type_url(d.type_url);
    any->set_value(d.message != nullptr ? d.message->SerializeAsString() : d.raw);
  }
  return packed.ByteSizeLong();
}

// Removes one entry (the last of the longest cut-able list) or, when no list has more
// than one entry, the last detail. False when nothing is left to remove.
bool ShrinkOnce(std::vector<Detail>* details) {
  Message* best = nullptr;
  const FieldDescriptor* best_field = nullptr;
  int best_size = 1;
  for (Detail& d : *details) {
    if (d.message == nullptr) continue;
    std::vector<const FieldDescriptor*> fields;
    d.message->GetReflection()->ListFields(*d.message, &fields);
    for (const FieldDescriptor* field : fields) {
      if (!field->is_repeated()) continue;
      const int size = d.message->GetReflection()->FieldSize(*d.message, field);
      if (size > best_size) best = d.message.get(), best_field = field, best_size = size;
    }
  }
  if (best != nullptr) {
    best->GetReflection()->RemoveLast(best, best_field);
    return true;
  }
  if (details->empty()) return false;
  details->pop_back();
  return true;
}

google::rpc::ErrorInfo TruncationInfo(const std::vector<Detail>& details,
                                      const std::vector<CutList>& cuts) {
  google::rpc::ErrorInfo info;
  info.set_reason("ERROR_DETAILS_TRUNCATED");
  info.set_domain("govmetrics.io");
  for (const CutList& cut : cuts) {
    int sent = 0;
    if (cut.detail < details.size() && details[cut.detail].message != nullptr) {
      const Message& m = *details[cut.detail].message;
      sent = m.GetReflection()->FieldSize(m, cut.field);
    }
    (*info.mutable_metadata())[absl::StrCat(cut.field->name(), "_total")] =
        absl::StrCat(cut.total);
    (*info.mutable_metadata())[absl::StrCat(cut.field->name(), "_sent")] = absl::StrCat(sent);
  }
  return info;
}

}  // namespace

std::string TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr absl::string_view kMark = "...";
  size_t end = max_bytes > kMark.size() ? max_bytes - kMark.size() : 0;
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), kMark);
}

void BoundStatusDetails(google::rpc::Status* status) {
  if (status->message().size() > kMaxStatusMessageBytes) {
    status->set_message(TruncateUtf8(status->message(), kMaxStatusMessageBytes));
  }
  // Most errors are a few hundred bytes: sent as they are, without a reflection walk.
  if (status->ByteSizeLong() <= kMaxStatusDetailsBytes) return;
  std::vector<Detail> details;
  std::vector<CutList> cuts;
  for (const auto& any : status->details()) {
    Detail d{any.type_url(), Unpack(any), ""};
    if (d.message == nullptr) {
      d.raw = any.value();
    } else {
      BoundMessage(d.message.get(), details.size(), &cuts, 0);
    }
    details.push_back(std::move(d));
  }
  // Room for the ErrorInfo that reports the cuts (its "sent" numbers are at most as
  // long as the totals, so measuring it now is an upper bound).
  const size_t reserve = cuts.empty() ? 0 : TruncationInfo(details, cuts).ByteSizeLong() + 64;
  const size_t budget = kMaxStatusDetailsBytes > reserve ? kMaxStatusDetailsBytes - reserve : 0;
  while (PackedSize(*status, details) > budget && ShrinkOnce(&details)) {
  }
  status->clear_details();
  for (const Detail& d : details) {
    auto* any = status->add_details();
    any->set_type_url(d.type_url);
    any->set_value(d.message != nullptr ? d.message->SerializeAsString() : d.raw);
  }
  if (!cuts.empty()) {
    auto* any = status->add_details();
    any->set_type_url(kErrorInfoUrl);
    any->set_value(TruncationInfo(details, cuts).SerializeAsString());
  }
}

}  // namespace govmetrics::rpc
