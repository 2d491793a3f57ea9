package demofleet_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"time"

	"github.com/goproxytui/goproxytui/internal/demofleet"
)

// A mirror over HTTPS whose behaviour is switched while it runs.
func ExampleStart() {
	s, err := demofleet.Start(demofleet.Options{TLS: true, Behavior: demofleet.Delayed(5 * time.Millisecond)})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: demofleet.CAPool()}}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	status := func() {
		resp, err := c.Get(s.URL() + "/example.com/canary/@v/v1.0.0.info")
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	status()
	s.Set(demofleet.Do(demofleet.Gone))
	status()
	s.Set(demofleet.Code(http.StatusBadGateway))
	status()
	fmt.Println(s.Count("/example.com/canary/@v/v1.0.0.info"), s.CountKind(demofleet.Gone))
	// Output:
	// 200
	// 410
	// 502
	// 3 1
}

// Waiting for a request instead of sleeping: the stalled request is known
// to have reached the server before the test goes on.
func ExampleServer_WaitRequest() {
	s, err := demofleet.Start(demofleet.Options{Behavior: demofleet.Do(demofleet.Stall)})
	if err != nil {
		panic(err)
	}
	done := make(chan error)
	go func() {
		_, err := http.Get(s.URL() + "/example.com/hello/@v/list")
		done <- err
	}()
	r, err := s.WaitRequest(context.Background(), func(r demofleet.Request) bool {
		return r.Endpoint == demofleet.EndpointList
	})
	fmt.Println(r.Module, r.Kind, err)
	s.Close() // ends the stalled handler: the client gets an error
	fmt.Println(<-done != nil)
	// Output:
	// example.com/hello stall <nil>
	// true
}
