// Template of ffidl_host.go: the host-call runner of a generated Go package
// whose library has host functions (see ffidl.go for the placeholders).

package ffidlpkg

/*
#include "ffidllib.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// ffidlHostAnswer runs the user's host function and writes its result into
// the arena: the pointer and length host_complete wants.
type ffidlHostAnswer func(a *ffidlArena) (unsafe.Pointer, C.size_t, error)

// ffidlHost is one registered host function: accept converts the
// arguments on the library thread.
type ffidlHost struct {
	ctx    unsafe.Pointer
	accept func(req unsafe.Pointer) ffidlHostAnswer
}

// ffidlRaised is the error an answer returns to say that its pointer is a
// typed error (FFIDL_ERR_TYPED), not a result.
type ffidlRaised struct{}

func (ffidlRaised) Error() string { return "raised" }

func ffidlOnHost(callID C.uint64_t, req unsafe.Pointer, ud unsafe.Pointer) {
	h := ffidlHandleValue(ud).(*ffidlHost)
	var err error
	answer := func() ffidlHostAnswer {
		defer func() { ffidlRecoverDecode(recover(), &err) }()
		return h.accept(req)
	}()
	if err != nil {
		answer = func(*ffidlArena) (unsafe.Pointer, C.size_t, error) { return nil, 0, err }
	}
	go h.answer(callID, answer)
}

func (h *ffidlHost) answer(callID C.uint64_t, answer ffidlHostAnswer) {
	var a ffidlArena
	defer a.free()
	p, n, err := ffidlProtect(&a, answer)
	if a.err != nil {
		// The answer cannot cross (a nil union, a NUL byte in a string):
		// fail the library's call rather than answer a half-built value.
		err = a.err
	}
	if _, typed := err.(ffidlRaised); typed {
		C.ffidllib_host_complete(h.ctx, callID, C.FFIDL_ERR_TYPED, p, n)
		return
	}
	if err != nil {
		text := err.Error()
		p, n = unsafe.Pointer(a.str(text)), C.size_t(len(text))
		C.ffidllib_host_complete(h.ctx, callID, C.FFIDL_ERR, p, n)
		return
	}
	// FFIDL_ERR here means the context is gone: nothing waits any more.
	C.ffidllib_host_complete(h.ctx, callID, C.FFIDL_OK, p, n)
}

// ffidlProtect turns a panic in the user's host function into an error.
func ffidlProtect(a *ffidlArena, answer ffidlHostAnswer) (p unsafe.Pointer, n C.size_t, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, n, err = nil, 0, fmt.Errorf("host function panicked: %v", r)
		}
	}()
	return answer(a)
}
