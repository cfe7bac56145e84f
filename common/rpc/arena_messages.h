#ifndef GOVMETRICS_COMMON_RPC_ARENA_MESSAGES_H_
#define GOVMETRICS_COMMON_RPC_ARENA_MESSAGES_H_

// A callback-API message allocator that puts a call's request and response on one
// protobuf arena. A panel request is hundreds of small strings (entity labels) and
// repeated doubles: parsed onto the heap that is one malloc per label and one free per
// label when the call ends; on an arena it is a pointer bump, and the whole request is
// released at once. Services install one per method (SetMessageAllocatorFor_<Method>).

#include "google/protobuf/arena.h"
#include "grpcpp/support/message_allocator.h"

namespace govmetrics::rpc {

template <typename Request, typename Response>
class ArenaMessageAllocator final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override { return new Holder(); }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    // A provincial study request is 13-62 KB on the wire; blocks of this size hold it in
    // one or two allocations.
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions options;
      options.start_block_size = 32 * 1024;
      options.max_block_size = 256 * 1024;
      return options;
    }
    google::protobuf::Arena arena_;
  };
};

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_ARENA_MESSAGES_H_
