// The host_demo library from Go: the library calls back into functions the
// Go program provides.
package main

import (
	"errors"
	"fmt"
	"log"
	"strings"

	"hostdemo"
)

func main() {
	client, err := hostdemo.New()
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	users := map[uint64]string{7: "ada"}
	client.SetLookupUser(func(args hostdemo.LookupUserArgs) (hostdemo.UserInfo, error) {
		name, ok := users[args.Req.UserID]
		if !ok {
			return hostdemo.UserInfo{}, errors.New("no such user")
		}
		return hostdemo.UserInfo{Name: name, Roles: []string{"admin"}}, nil
	})
	client.SetFetchToken(func(args hostdemo.FetchTokenArgs) (string, error) {
		return "token-for-" + args.Key, nil
	})
	client.OnHostFailed(func(ev hostdemo.HostFailedEvent) {
		fmt.Printf("event host_failed: %s: %s\n", ev.Name, ev.Error)
	})

	greeting, err := client.Greet(hostdemo.LookupRequest{UserID: 7, WithToken: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (roles %s, token %s)\n", greeting.Text, strings.Join(greeting.User.Roles, ","), *greeting.Token)

	_, err = client.Greet(hostdemo.LookupRequest{UserID: 99})
	fmt.Println("greet unknown user ->", err)
}
