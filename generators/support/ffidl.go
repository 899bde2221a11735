// Template of ffidl.go, the support code every generated Go package carries
// (the package must build with the standard library alone, so it cannot
// import a shared ffidl module). ffidlc embeds this file, drops this comment
// and puts its own "Code generated" line first, and replaces the
// placeholders: ffidlpkg (the package), ffidllib and FFIDLLIB (the library's
// C prefix and its upper case), ffidlversion (the schema's version).
//
// It holds what is the same for every library: the C arena arguments are
// copied into, cgo handles with a live count, pending calls, the per-client
// event queue.
package ffidlpkg

/*
#cgo LDFLAGS: -L${SRCDIR} -L${SRCDIR}/.. -lffidllib -Wl,-rpath,${SRCDIR} -Wl,-rpath,${SRCDIR}/..
#include <sched.h>
#include <stdlib.h>
#include "ffidllib.h"
*/
import "C"

import (
	"context"
	"errors"
	"runtime"
	"runtime/cgo"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Error is a failure the library reported: a handler (or the constructor)
// failed with Message.
type Error struct {
	Message string
}

func (e *Error) Error() string { return "ffidllib: " + e.Message }

// ErrClosed is returned by calls on a client that was closed.
var ErrClosed = errors.New("ffidllib: client is closed")

// ffidlDecodeError is panicked by a conversion that meets a value this
// package cannot represent (a union variant a newer library added); the
// code that called the conversion from C recovers it into an *Error, so
// it never unwinds through C.
type ffidlDecodeError string

// ffidlRecoverDecode turns a recovered ffidlDecodeError into an *Error and
// re-panics anything else. Use as: defer func() { ffidlRecoverDecode(recover(), &err) }().
func ffidlRecoverDecode(r any, err *error) {
	if r == nil {
		return
	}
	de, ok := r.(ffidlDecodeError)
	if !ok {
		panic(r)
	}
	*err = &Error{Message: "cannot decode the answer: " + string(de)}
}

// The text a typed error's message shows for a field (the same in every
// binding): numbers as the shortest text that reads back, strings quoted.
func ffidlShowString(s string) string {
	return "\"" + strings.NewReplacer("\\", "\\\\", "\"", "\\\"").Replace(s) + "\""
}

func ffidlShowFloat(f float64, bits int) string {
	return strconv.FormatFloat(f, 'g', -1, bits)
}

// ffidlArena holds the C copies of one call's arguments. The C library
// copies them again before the call returns, so the arena is freed right
// after; Go memory is never handed to C to keep.
type ffidlArena struct {
	chunks []unsafe.Pointer
	base   unsafe.Pointer
	off    uintptr
	size   uintptr
	err    error // the first argument that cannot cross (the call is not made)
}

const ffidlChunk = 4096

// alloc returns n zeroed bytes of C memory, 16-byte aligned.
func (a *ffidlArena) alloc(n uintptr) unsafe.Pointer {
	n = (n + 15) &^ 15
	if a.base == nil || a.off+n > a.size {
		size := uintptr(ffidlChunk)
		if n > size {
			size = n
		}
		p := C.calloc(1, C.size_t(size))
		if p == nil {
			panic("ffidllib: out of memory")
		}
		a.chunks = append(a.chunks, p)
		a.base, a.off, a.size = p, 0, size
	}
	p := unsafe.Add(a.base, a.off)
	a.off += n
	return p
}

func (a *ffidlArena) free() {
	for _, p := range a.chunks {
		C.free(p)
	}
	a.chunks, a.base = nil, nil
}

// ffidlAllocSlice returns n zeroed values of T in C memory.
func ffidlAllocSlice[T any](a *ffidlArena, n int) []T {
	var zero T
	return unsafe.Slice((*T)(a.alloc(uintptr(n)*unsafe.Sizeof(zero))), n)
}

// str copies s as a NUL-terminated C string. A string holding a NUL byte
// cannot cross (C would read it cut short): the call is refused instead.
func (a *ffidlArena) str(s string) *C.char {
	if a.err == nil && strings.IndexByte(s, 0) >= 0 {
		a.err = &Error{Message: "a string argument contains a NUL byte, which a C string cannot carry"}
	}
	p := a.alloc(uintptr(len(s)) + 1)
	copy(unsafe.Slice((*byte)(p), len(s)), s)
	return (*C.char)(p)
}

func (a *ffidlArena) bytes(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	p := a.alloc(uintptr(len(b)))
	copy(unsafe.Slice((*byte)(p), len(b)), b)
	return (*C.uint8_t)(p), C.size_t(len(b))
}

// ffidlBytesArg passes b to C without a copy: allowed by the cgo pointer
// rules because b holds no Go pointers and C copies it before returning.
func ffidlBytesArg(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// ffidlBytes copies n bytes of C memory; nil when n is 0.
func ffidlBytes(p unsafe.Pointer, n C.size_t) []byte {
	if n == 0 {
		return nil
	}
	return append([]byte(nil), unsafe.Slice((*byte)(p), n)...)
}

func ffidlString(p unsafe.Pointer, n C.size_t) string {
	if n == 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(p), n))
}

// Every cgo.Handle this package creates goes through these two, so tests
// can check that none is leaked.
var ffidlLiveHandles atomic.Int64

func ffidlNewHandle(v any) C.uintptr_t {
	ffidlLiveHandles.Add(1)
	return C.uintptr_t(cgo.NewHandle(v))
}

func ffidlDeleteHandle(h C.uintptr_t) {
	cgo.Handle(h).Delete()
	ffidlLiveHandles.Add(-1)
}

func ffidlHandleValue(p unsafe.Pointer) any {
	return cgo.Handle(uintptr(p)).Value()
}

type ffidlCompleter interface {
	complete(ret C.int, msg unsafe.Pointer, n C.size_t)
}

// ffidlCall is one call in flight. decode runs inside the C callback (msg is
// valid only there) and the waiting goroutine reads the result after done.
type ffidlCall[T any] struct {
	handle   C.uintptr_t
	rc       C.int
	refusal  error // why the call was not made, when rc != FFIDL_OK
	decode   func(msg unsafe.Pointer, n C.size_t) T
	raised   func(msg unsafe.Pointer) error // a typed error (FFIDL_ERR_TYPED); nil: raises none
	result   T
	err      error
	done     chan struct{}
	finished atomic.Bool // set just before done closes: a waiter spins on it first
}

func ffidlNewCall[T any](decode func(msg unsafe.Pointer, n C.size_t) T) *ffidlCall[T] {
	call := &ffidlCall[T]{decode: decode, done: make(chan struct{})}
	call.handle = ffidlNewHandle(call)
	return call
}

func (call *ffidlCall[T]) complete(ret C.int, msg unsafe.Pointer, n C.size_t) {
	defer func() {
		call.finished.Store(true)
		close(call.done)
	}()
	defer func() { ffidlRecoverDecode(recover(), &call.err) }()
	switch {
	case ret == C.FFIDL_OK:
		if call.decode != nil {
			call.result = call.decode(msg, n)
		}
	case ret == C.FFIDL_ERR_TYPED && call.raised != nil && msg != nil:
		call.err = call.raised(msg)
	case ret == C.FFIDL_ERR_TYPED:
		call.err = &Error{Message: "the library raised a typed error, but this function raises none"}
	default:
		call.err = &Error{Message: ffidlString(msg, n)}
	}
}

// start makes the C call unless an argument was refused. On a synchronous
// failure it keeps the library's reason, read on the OS thread of the call
// (the reason is thread-local there).
func (call *ffidlCall[T]) start(a *ffidlArena, c func() C.int) {
	if err := ffidlCheckABI(); err != nil {
		call.rc, call.refusal = C.FFIDL_ERR, err
		return
	}
	if a != nil && a.err != nil {
		call.rc, call.refusal = C.FFIDL_ERR, a.err
		return
	}
	runtime.LockOSThread()
	call.rc = c()
	if call.rc != C.FFIDL_OK {
		call.refusal = ffidlRefusal()
	}
	runtime.UnlockOSThread()
}

// ffidlDo runs a C call that returns FFIDL_OK or fails with its reason in
// last_error, read on the same OS thread.
func ffidlDo(c func() C.int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if c() != C.FFIDL_OK {
		return ffidlRefusal()
	}
	return nil
}

// ffidlCreate runs a ctor export unless an argument was refused: the
// context, or why there is none (read on the OS thread of the call).
func ffidlCreate(a *ffidlArena, create func() unsafe.Pointer) (unsafe.Pointer, error) {
	if err := ffidlCheckABI(); err != nil {
		return nil, err
	}
	if a != nil && a.err != nil {
		return nil, a.err
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ctx := create()
	if ctx == nil {
		return nil, ffidlRefusal()
	}
	return ctx, nil
}

var ffidlABI struct {
	once sync.Once
	err  error
}

// ffidlCheckABI reports, once, whether the loaded library serves every
// function this package was generated with, unchanged (it may have more): a
// mismatched library is refused before any call reaches it.
func ffidlCheckABI() error {
	ffidlABI.once.Do(func() {
		runtime.LockOSThread() // last_error is per thread
		defer runtime.UnlockOSThread()
		if C.ffidllib_check_abi() == C.FFIDL_OK {
			return
		}
		what := C.GoString(C.ffidllib_last_error())
		var version *C.char
		loaded := uint64(C.ffidllib_abi_hash(&version))
		want := uint64(C.FFIDLLIB_ABI_HASH)
		ffidlABI.err = &Error{Message: "this package was generated from ffidllib ffidlversion" +
			" (ABI hash " + strconv.FormatUint(want, 16) + ") but the loaded library is ffidllib " +
			C.GoString(version) + " (ABI hash " + strconv.FormatUint(loaded, 16) + "): " + what +
			"; regenerate the package from the library's schema"}
	})
	return ffidlABI.err
}

// ffidlRefusal is the library's reason for the synchronous failure that
// just happened on this OS thread: ErrClosed for a destroyed context.
func ffidlRefusal() error {
	why := C.GoString(C.ffidllib_last_error())
	if strings.Contains(why, "not a live context handle") {
		return ErrClosed
	}
	return &Error{Message: why}
}

// Adaptive wake-ups, as the library's own loop waits: a blocking call
// spins for its answer before it sleeps, as long as the context's
// wait-spin setting allows (SetWaitSpin): SpinAuto adapts the budget (at
// most 50 µs), SpinOff never spins, n > 0 spins up to n ns. At most one
// goroutine per core spins, and a spinner yields its core every 5 µs.
const (
	SpinAuto int64 = -1
	SpinOff  int64 = 0

	ffidlMaxAutoSpin = 50 * time.Microsecond
	ffidlMinAutoSpin = 500 * time.Nanosecond
	ffidlMaxSpin     = 10 * time.Millisecond
	ffidlSpinYield   = 5 * time.Microsecond
)

var (
	ffidlSpinners atomic.Int32
	// The auto budget, shared: goroutines move between threads.
	ffidlAutoSpin atomic.Int64
)

// ffidlSpinUntil spins until ready() or the budget for setting is spent;
// false means: sleep now.
func ffidlSpinUntil(setting int64, ready func() bool) bool {
	if ready() {
		return true
	}
	if setting == SpinOff {
		return false
	}
	budget := time.Duration(setting)
	if setting < 0 {
		budget = time.Duration(ffidlAutoSpin.Load())
		if budget == 0 {
			budget = ffidlMaxAutoSpin
		}
	}
	if budget > ffidlMaxSpin {
		budget = ffidlMaxSpin
	}
	if int(ffidlSpinners.Add(1)) > runtime.NumCPU() {
		ffidlSpinners.Add(-1)
		return ready()
	}
	start := time.Now()
	nextYield := start.Add(ffidlSpinYield)
	done := false
	for i := 1; ; i++ {
		if ready() {
			done = true
			break
		}
		if i%16 != 0 {
			continue
		}
		now := time.Now()
		if now.Sub(start) >= budget {
			break
		}
		if now.After(nextYield) {
			C.sched_yield()
			nextYield = time.Now().Add(ffidlSpinYield)
		}
	}
	ffidlSpinners.Add(-1)
	done = done || ready()
	if setting < 0 && done {
		ffidlLearnWait(time.Since(start))
	}
	return done
}

// ffidlLearnWait teaches the auto budget how long a wait took (spin and
// park together): twice a wait within the ceiling, so the next one like it
// ends while spinning; half the budget after a longer one (work that comes
// rarely), down to the floor.
func ffidlLearnWait(waited time.Duration) {
	budget := time.Duration(ffidlAutoSpin.Load())
	if budget == 0 {
		budget = ffidlMaxAutoSpin
	}
	next := budget / 2
	if waited <= ffidlMaxAutoSpin {
		next = 2 * waited
		if next < budget {
			next = budget
		}
	}
	if next > ffidlMaxAutoSpin {
		next = ffidlMaxAutoSpin
	}
	if next < ffidlMinAutoSpin {
		next = ffidlMinAutoSpin
	}
	ffidlAutoSpin.Store(int64(next))
}

// wait returns the result, or ctx's error once ctx is done (the late
// result is then dropped by the callback). lib is the library context
// called (nil for a static proc): its wait-spin setting applies.
func (call *ffidlCall[T]) wait(ctx context.Context, lib unsafe.Pointer) (T, error) {
	var zero T
	if call.rc != C.FFIDL_OK {
		// Not queued: no callback will come.
		ffidlDeleteHandle(call.handle)
		if call.refusal != nil {
			return zero, call.refusal
		}
		return zero, ErrClosed
	}
	setting := int64(C.ffidllib_wait_spin(lib))
	started := time.Now()
	spun := ffidlSpinUntil(setting, call.finished.Load)
	select {
	case <-call.done:
		if !spun && setting < 0 {
			ffidlLearnWait(time.Since(started))
		}
		if call.err != nil {
			return zero, call.err
		}
		return call.result, nil
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// ffidlOnResult is the body of the exported result callback: convert, hand
// off, return.
func ffidlOnResult(ret C.int, msg unsafe.Pointer, n C.size_t, ud unsafe.Pointer) {
	if ret == C.FFIDL_STALE_WARN {
		return
	}
	call := ffidlHandleValue(ud).(ffidlCompleter)
	ffidlDeleteHandle(C.uintptr_t(uintptr(ud)))
	call.complete(ret, msg, n)
}

// ffidlQueue runs a client's event listeners on one goroutine, in emission
// order, so the library's event thread never waits for Go code. Like the
// library's own queue it holds at most ffidlQueueLimit events: behind a slow
// or blocked listener newer events are dropped and counted, not buffered
// without end. The bound counts every event not yet run, including those a
// drain has taken but not reached (a blocked listener holds a whole batch).
type ffidlQueue struct {
	mu      sync.Mutex
	items   []func()
	held    int // events pushed and not yet run (queued or in a drain's batch)
	wake    chan struct{}
	stop    chan struct{}
	dropped atomic.Uint64
}

const ffidlQueueLimit = 65536

func ffidlNewQueue() *ffidlQueue {
	q := &ffidlQueue{wake: make(chan struct{}, 1), stop: make(chan struct{})}
	go q.run()
	return q
}

func (q *ffidlQueue) push(f func()) {
	q.mu.Lock()
	if q.held >= ffidlQueueLimit {
		q.mu.Unlock()
		q.dropped.Add(1)
		return
	}
	q.items = append(q.items, f)
	q.held++
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *ffidlQueue) drain() {
	for {
		q.mu.Lock()
		items := q.items
		q.items = nil
		q.mu.Unlock()
		if len(items) == 0 {
			return
		}
		for i, f := range items {
			items[i] = nil // the payload goes as soon as it ran
			f()
			q.mu.Lock()
			q.held--
			q.mu.Unlock()
		}
	}
}

func (q *ffidlQueue) run() {
	for {
		select {
		case <-q.wake:
			q.drain()
		case <-q.stop:
			q.drain()
			return
		}
	}
}

// ffidlListener is one subscription: deliver converts the payload on the
// library thread and returns what the event goroutine then runs.
type ffidlListener struct {
	queue   *ffidlQueue
	deliver func(msg unsafe.Pointer) func()
	removed atomic.Bool
}

func ffidlOnEvent(msg unsafe.Pointer, ud unsafe.Pointer) {
	l := ffidlHandleValue(ud).(*ffidlListener)
	var err error
	run := func() func() {
		// A payload this package cannot decode (a newer library's union
		// variant) is dropped: the listener never sees half an event.
		defer func() { ffidlRecoverDecode(recover(), &err) }()
		return l.deliver(msg)
	}()
	if err != nil {
		return
	}
	l.queue.push(func() {
		if !l.removed.Load() {
			run()
		}
	})
}

// ffidlHandles are a client's listener and host-function handles: deleted
// on unsubscribe or Close, once the library can no longer call them.
type ffidlHandles struct {
	mu      sync.Mutex
	closing bool // Close has begun
	closed  bool // the context is destroyed: nothing calls a handle any more
	live    map[C.uintptr_t]struct{}
}

// add keeps h, or deletes it and reports false once the client is closed.
func (hs *ffidlHandles) add(h C.uintptr_t) bool {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if hs.closed {
		ffidlDeleteHandle(h)
		return false
	}
	if hs.live == nil {
		hs.live = map[C.uintptr_t]struct{}{}
	}
	hs.live[h] = struct{}{}
	return true
}

func (hs *ffidlHandles) remove(h C.uintptr_t) {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if _, ok := hs.live[h]; ok {
		delete(hs.live, h)
		ffidlDeleteHandle(h)
	}
}

// beginClose reports whether this is the first Close.
func (hs *ffidlHandles) beginClose() bool {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	first := !hs.closing
	hs.closing = true
	return first
}

// deleteAll runs once the context is destroyed.
func (hs *ffidlHandles) deleteAll() {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	hs.closed = true
	for h := range hs.live {
		ffidlDeleteHandle(h)
	}
	hs.live = nil
}
