package envcfg

import (
	"net/url"
	"testing"
)

func TestProxyFor(t *testing.T) {
	const p = "http://proxy.corp:3128"
	tests := []struct {
		env  map[string]string
		url  string
		want string // the variable's name, "" for direct
	}{
		{map[string]string{"HTTPS_PROXY": p}, "https://goproxy.cn", "HTTPS_PROXY"},
		{map[string]string{"https_proxy": p}, "https://goproxy.cn/x", "https_proxy"},
		{map[string]string{"HTTPS_PROXY": p, "https_proxy": "http://other"}, "https://goproxy.cn", "HTTPS_PROXY"},
		{map[string]string{"HTTPS_PROXY": p}, "http://goproxy.cn", ""},
		{map[string]string{"HTTP_PROXY": p}, "http://goproxy.cn", "HTTP_PROXY"},
		{map[string]string{"HTTP_PROXY": p}, "https://goproxy.cn", ""},
		{map[string]string{}, "https://goproxy.cn", ""},
		// Loopback hosts are never proxied.
		{map[string]string{"HTTPS_PROXY": p}, "https://127.0.0.1:8443", ""},
		{map[string]string{"HTTPS_PROXY": p}, "https://127.0.0.2", ""},
		{map[string]string{"HTTPS_PROXY": p}, "https://[::1]:8443", ""},
		{map[string]string{"HTTPS_PROXY": p}, "https://localhost:8443", ""},
		{map[string]string{"HTTPS_PROXY": p}, "https://LocalHost", ""},
		// NO_PROXY forms.
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "*"}, "https://goproxy.cn", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "goproxy.cn"}, "https://goproxy.cn", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "goproxy.cn"}, "https://a.goproxy.cn", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "goproxy.cn"}, "https://xgoproxy.cn", "HTTPS_PROXY"},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": ".goproxy.cn"}, "https://goproxy.cn", "HTTPS_PROXY"},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": ".goproxy.cn"}, "https://a.goproxy.cn", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "*.goproxy.cn"}, "https://a.goproxy.cn", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "a.example, goproxy.cn:443"}, "https://goproxy.cn", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "goproxy.cn:8443"}, "https://goproxy.cn", "HTTPS_PROXY"},
		{map[string]string{"HTTPS_PROXY": p, "no_proxy": "GOPROXY.CN"}, "https://goproxy.cn", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "10.0.0.0/8"}, "https://10.1.2.3", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "10.0.0.0/8"}, "https://11.1.2.3", "HTTPS_PROXY"},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "10.1.2.3"}, "https://10.1.2.3:443", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": "[2001:db8::1]:443"}, "https://[2001:db8::1]", ""},
		{map[string]string{"HTTPS_PROXY": p, "NO_PROXY": ":443"}, "https://goproxy.cn", "HTTPS_PROXY"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		key, proxy := ProxyFor(tt.env, u)
		if key != tt.want || (key == "") != (proxy == "") || key != "" && proxy != tt.env[key] {
			t.Errorf("ProxyFor(%v, %s) = %q, %q; want %q", tt.env, tt.url, key, proxy, tt.want)
		}
	}
}
