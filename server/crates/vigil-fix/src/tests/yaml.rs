//! YAML fixes: Kubernetes manifests and CloudFormation templates.

use super::*;
use serde_json::json;

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the public site
spec:
  replicas: 2
  template:
    spec:
      # the main container
      containers:
        - name: app
          image: 'nginx:1.25'
          ports:
            - containerPort: 80
";

#[test]
fn adds_a_missing_chain_of_parents_at_the_files_indentation() {
    let out = fix_one(
        "deploy.yaml",
        DEPLOYMENT,
        "Deployment/web",
        json!([
            {"op": "add", "path": "/spec/template/spec/containers/0/securityContext/runAsNonRoot", "value": true},
            {"op": "add", "path": "/spec/template/spec/containers/0/securityContext/capabilities/drop", "value": ["ALL"]},
            {"op": "add", "path": "/spec/template/spec/securityContext/seccompProfile/type", "value": "RuntimeDefault"},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web # the public site
    spec:
      replicas: 2
      template:
        spec:
          # the main container
          containers:
            - name: app
              image: 'nginx:1.25'
              ports:
                - containerPort: 80
              securityContext:
                runAsNonRoot: true
                capabilities:
                  drop:
                    - ALL
          securityContext:
            seccompProfile:
              type: RuntimeDefault
    ");
}

#[test]
fn adds_to_existing_mappings_and_replaces_keeping_quotes_and_comments() {
    let out = fix_one(
        "deploy.yaml",
        DEPLOYMENT,
        "Deployment/web",
        json!([
            {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.27"},
            {"op": "replace", "path": "/metadata/name", "value": "web"},
            {"op": "add", "path": "/metadata/labels", "value": {"app": "web", "tier": "frontend"}},
            {"op": "replace", "path": "/spec/replicas", "value": 3},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web # the public site
      labels:
        app: web
        tier: frontend
    spec:
      replicas: 3
      template:
        spec:
          # the main container
          containers:
            - name: app
              image: 'nginx:1.27'
              ports:
                - containerPort: 80
    ");
}

#[test]
fn sequences_indented_under_their_key() {
    let out = fix_one(
        "deploy.yaml",
        DEPLOYMENT,
        "Deployment/web",
        json!([
            {"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "sidecar", "image": "envoy", "args": ["--v", "2"]}},
            {"op": "add", "path": "/spec/template/spec/containers/0/ports/0", "value": {"containerPort": 443}},
            {"op": "add", "path": "/spec/template/spec/volumes", "value": [{"name": "data", "emptyDir": {}}]},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web # the public site
    spec:
      replicas: 2
      template:
        spec:
          # the main container
          containers:
            - name: app
              image: 'nginx:1.25'
              ports:
                - containerPort: 443
                - containerPort: 80
            - name: sidecar
              image: envoy
              args:
                - --v
                - "2"
          volumes:
            - name: data
              emptyDir: {}
    "#);
}

#[test]
fn sequences_not_indented_under_their_key() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
    name: a
spec:
    containers:
    - name: app
      image: nginx
      args:
      - --port=80
";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/spec/containers/0/args/-", "value": "--verbose"},
            {"op": "add", "path": "/spec/containers/-", "value": {"name": "log", "image": "busybox"}},
            {"op": "add", "path": "/spec/initContainers", "value": [{"name": "init", "command": ["sh", "-c", "true"]}]},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    apiVersion: v1
    kind: Pod
    metadata:
        name: a
    spec:
        containers:
        - name: app
          image: nginx
          args:
          - --port=80
          - --verbose
        - name: log
          image: busybox
        initContainers:
        - name: init
          command:
          - sh
          - -c
          - "true"
    "#);
}

#[test]
fn flow_mappings_and_sequences_grow_in_flow_style_empty_ones_open_up() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: x}}
spec:
  containers:
    - {name: app, image: nginx, args: [a, b]}
  tolerations: []
  securityContext: {} # filled below
";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/metadata/labels/tier", "value": "web"},
            {"op": "add", "path": "/metadata/annotations", "value": {"note": "a: b", "n": 1}},
            {"op": "add", "path": "/spec/containers/0/args/1", "value": "x, y"},
            {"op": "add", "path": "/spec/containers/0/securityContext/privileged", "value": false},
            {"op": "add", "path": "/spec/tolerations/-", "value": {"operator": "Exists"}},
            {"op": "add", "path": "/spec/securityContext/runAsNonRoot", "value": true},
            {"op": "add", "path": "/spec/securityContext/runAsUser", "value": 1000},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    apiVersion: v1
    kind: Pod
    metadata: {name: a, labels: {app: x, tier: web}, annotations: {note: "a: b", "n": 1}}
    spec:
      containers:
        - {name: app, image: nginx, args: [a, "x, y", b], securityContext: {privileged: false}}
      tolerations:
        - operator: Exists
      securityContext: # filled below
        runAsNonRoot: true
        runAsUser: 1000
    "#);
}

#[test]
fn scalars_keep_their_quoting_and_never_change_type() {
    let text = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  plain: hello
  single: 'hello'
  double: \"hello\"
  flag: yes-please
  count: x
  empty: \"\"
";
    let out = fix_one(
        "cm.yaml",
        text,
        "ConfigMap/c",
        json!([
            {"op": "replace", "path": "/data/plain", "value": "world"},
            {"op": "replace", "path": "/data/single", "value": "it's"},
            {"op": "replace", "path": "/data/double", "value": "tab\there"},
            {"op": "replace", "path": "/data/flag", "value": "true"},
            {"op": "replace", "path": "/data/count", "value": "1"},
            {"op": "replace", "path": "/data/empty", "value": "a # b"},
            {"op": "add", "path": "/data/version", "value": "1.10"},
            {"op": "add", "path": "/data/off", "value": "off"},
            {"op": "add", "path": "/data/size", "value": "1Gi"},
            {"op": "add", "path": "/data/flags", "value": "--x"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: c
    data:
      plain: world
      single: 'it''s'
      double: "tab\there"
      flag: "true"
      count: "1"
      empty: "a # b"
      version: "1.10"
      "off": "off"
      size: 1Gi
      flags: --x
    "#);
}

#[test]
fn keys_that_need_quoting_are_quoted() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    x: y\n";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/metadata/annotations/example.com~1note", "value": "ok"},
            {"op": "add", "path": "/metadata/annotations/a: b", "value": "colon"},
            {"op": "add", "path": "/metadata/annotations/#hash", "value": "hash"},
            {"op": "add", "path": "/metadata/annotations/true", "value": "bool"},
        ]),
    );
    insta::assert_snapshot!(out, @r##"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
      annotations:
        x: y
        example.com/note: ok
        "a: b": colon
        "#hash": hash
        "true": bool
    "##);
}

#[test]
fn replaces_with_objects_and_arrays_as_blocks() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  securityContext: {} # to be filled
  hostNetwork: true
  dnsConfig:
    nameservers:
      - 1.1.1.1
  containers:
    - name: app
      resources: null
";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "replace", "path": "/spec/securityContext", "value": {"runAsNonRoot": true, "runAsUser": 1000}},
            {"op": "replace", "path": "/spec/hostNetwork", "value": {"disabled": true}},
            {"op": "replace", "path": "/spec/dnsConfig", "value": false},
            {"op": "add", "path": "/spec/containers/0/resources/limits/memory", "value": "128Mi"},
            {"op": "replace", "path": "/spec/containers/0/name", "value": ["x", {"y": 1}]},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      securityContext: # to be filled
        runAsNonRoot: true
        runAsUser: 1000
      hostNetwork:
        disabled: true
      dnsConfig: false
      containers:
        - name:
            - x
            - "y": 1
          resources:
            limits:
              memory: 128Mi
    "#);
}

#[test]
fn removes_keys_with_their_comment_lines_and_items() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  # Shares the host's network: anyone on the node can reach it.
  # (added for debugging)
  hostNetwork: true
  hostPID: true # also bad
  containers:
    - name: app
      securityContext:
        privileged: true
        capabilities:
          add: [NET_ADMIN, SYS_TIME]
    # the debug sidecar
    - name: debug
      image: busybox
  volumes:
  - name: host
    hostPath:
      path: /
# trailing comment of the document
";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "remove", "path": "/spec/hostNetwork"},
            {"op": "remove", "path": "/spec/containers/1"},
            {"op": "remove", "path": "/spec/containers/0/securityContext/privileged"},
            {"op": "remove", "path": "/spec/containers/0/securityContext/capabilities/add/0"},
            {"op": "remove", "path": "/spec/volumes/0/hostPath"},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      hostPID: true # also bad
      containers:
        - name: app
          securityContext:
            capabilities:
              add: [SYS_TIME]
      volumes:
      - name: host
    # trailing comment of the document
    ");
}

#[test]
fn removing_the_first_key_of_a_list_item_or_the_only_one() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
    - securityContext: {privileged: true}
      name: app
  nodeSelector:
    disk: ssd
";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "remove", "path": "/spec/containers/0/securityContext"},
            {"op": "remove", "path": "/spec/nodeSelector/disk"},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      containers:
        - name: app
      nodeSelector: {}
    ");
}

#[test]
fn removing_what_is_not_there_changes_nothing() {
    let out = fix_one(
        "deploy.yaml",
        DEPLOYMENT,
        "Deployment/web",
        json!([
            {"op": "remove", "path": "/spec/template/spec/hostNetwork"},
            {"op": "remove", "path": "/spec/template/spec/securityContext/privileged"},
            {"op": "remove", "path": "/spec/template/spec/containers/5"},
        ]),
    );
    assert_eq!(out, "");
}

#[test]
fn edits_only_the_resources_document() {
    let text = "\
# two pods
apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  hostNetwork: true
---
apiVersion: v1
kind: Pod
metadata:
  name: b
  namespace: prod
spec:
  hostNetwork: true
---
apiVersion: v1
kind: Service
metadata:
  name: s
";
    let out = fix_one(
        "pods.yaml",
        text,
        "Pod/prod/b",
        json!([
            {"op": "replace", "path": "/spec/hostNetwork", "value": false},
            {"op": "add", "path": "/spec/hostPID", "value": false},
            {"op": "add", "path": "/metadata/labels/app", "value": "b"},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    # two pods
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      hostNetwork: true
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: b
      namespace: prod
      labels:
        app: b
    spec:
      hostNetwork: false
      hostPID: false
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: s
    ");
}

#[test]
fn keeps_crlf_and_non_ascii_text() {
    let text = "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  annotations:\r\n    note: \"日本語 ✓ 🚀\" # ünïcödé\r\nspec:\r\n  containers:\r\n  - name: app\r\n";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/spec/containers/0/securityContext/runAsNonRoot", "value": true},
            {"op": "replace", "path": "/metadata/annotations/note", "value": "naïve ✓"},
            {"op": "add", "path": "/spec/volumes", "value": [{"name": "v"}]},
        ]),
    );
    insta::assert_snapshot!(out.replace('\r', "␍"), @r#"
    apiVersion: v1␍
    kind: Pod␍
    metadata:␍
      name: a␍
      annotations:␍
        note: "naïve ✓" # ünïcödé␍
    spec:␍
      containers:␍
      - name: app␍
        securityContext:␍
          runAsNonRoot: true␍
      volumes:␍
      - name: v␍
    "#);
}

#[test]
fn a_file_without_a_final_newline_still_has_none() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  hostNetwork: true";
    let out =
        fix_one("pod.yaml", text, "Pod/a", json!([{"op": "add", "path": "/spec/hostPID", "value": false}]));
    assert!(!out.ends_with('\n'));
    insta::assert_snapshot!(out, @r"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      hostNetwork: true
      hostPID: false
    ");
}

#[test]
fn add_replaces_an_existing_key_and_replace_adds_a_missing_one() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  hostNetwork: true\n";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/spec/hostNetwork", "value": false},
            {"op": "replace", "path": "/spec/hostPID", "value": false},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      hostNetwork: false
      hostPID: false
    ");
}

#[test]
fn fills_empty_values_and_keeps_anchors() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: a
  labels: &labels
    app: a
spec:
  securityContext:
  containers:
    - name: app
      env: &env # shared
        - name: A
          value: \"1\"
    -
";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/spec/securityContext/runAsNonRoot", "value": true},
            {"op": "add", "path": "/metadata/labels/tier", "value": "web"},
            {"op": "replace", "path": "/spec/containers/0/env/0/value", "value": "2"},
            {"op": "replace", "path": "/spec/containers/1", "value": {"name": "second", "image": "busybox"}},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
      labels: &labels
        app: a
        tier: web
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          env: &env # shared
            - name: A
              value: "2"
        - name: second
          image: busybox
    "#);
}

#[test]
fn aliases_and_merged_keys_are_edited_where_they_are_written() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: a
  labels: &labels {app: a}
  annotations: *labels
spec:
  base: &base
    hostNetwork: true
  override:
    <<: *base
    hostPID: true
";
    let error = fix_error(
        "pod.yaml",
        text,
        "Pod/a",
        json!([{"op": "add", "path": "/metadata/annotations/x", "value": "y"}]),
    );
    insta::assert_snapshot!(error, @r"`/metadata/annotations` is an alias (`*name`) of a value written elsewhere in the file; it cannot be edited here, only replaced whole");
    let error =
        fix_error("pod.yaml", text, "Pod/a", json!([{"op": "remove", "path": "/spec/override/hostNetwork"}]));
    insta::assert_snapshot!(error, @r"`/spec/override/hostNetwork` comes from a merge key (`<<: *name`); edit it where the anchor is written");
    // The only key of a mapping with a merge key goes, the merge stays.
    let out = fix_one("pod.yaml", text, "Pod/a", json!([{"op": "remove", "path": "/spec/override/hostPID"}]));
    insta::assert_snapshot!(out, @r"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
      labels: &labels {app: a}
      annotations: *labels
    spec:
      base: &base
        hostNetwork: true
      override:
        <<: *base
    ");
    // Replacing a merged key overrides it in the mapping itself.
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "replace", "path": "/spec/override/hostNetwork", "value": false},
            {"op": "replace", "path": "/metadata/annotations", "value": {"note": "own"}},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
      labels: &labels {app: a}
      annotations:
        note: own
    spec:
      base: &base
        hostNetwork: true
      override:
        <<: *base
        hostPID: true
        hostNetwork: false
    ");
}

#[test]
fn nothing_can_be_set_under_a_scalar() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  hostNetwork: true\n";
    let error = fix_error(
        "pod.yaml",
        text,
        "Pod/a",
        json!([{"op": "add", "path": "/spec/hostNetwork/x", "value": 1}]),
    );
    insta::assert_snapshot!(error, @r"`/spec/hostNetwork` is a boolean, not a mapping or a list: nothing can be set under it");
}

#[test]
fn missing_parents_are_lists_only_for_0_and_dash() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  hostNetwork: true\n";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/spec/ports/3/name", "value": "http"},
            {"op": "add", "path": "/spec/containers/0/name", "value": "app"},
            {"op": "add", "path": "/spec/volumes/-/name", "value": "data"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      hostNetwork: true
      ports:
        "3":
          name: http
      containers:
        - name: app
      volumes:
        - name: data
    "#);
}

#[test]
fn block_scalars_tags_and_items_after_comments() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
    - name: app
      command: |
        echo hello
        sleep 10
      workingDir: !!str 2024
      args:
        - --a
        # the b flag
        - --b
";
    let out = fix_one(
        "pod.yaml",
        text,
        "Pod/a",
        json!([
            {"op": "replace", "path": "/spec/containers/0/command", "value": "echo bye"},
            {"op": "replace", "path": "/spec/containers/0/workingDir", "value": "/srv"},
            {"op": "add", "path": "/spec/containers/0/args/1", "value": "--between"},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      containers:
        - name: app
          command: echo bye
          workingDir: /srv
          args:
            - --a
            - --between
            # the b flag
            - --b
    ");
}

// `IsDev` is known (true): the `!If` has a value, which is still not edited inside.
const TEMPLATE: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: dev
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${Env}-logs' # named per environment
      Tags:
        - Key: env
          Value: !Ref Env
      NotificationConfiguration: !If
        - IsDev
        - TopicConfigurations: []
        - !Ref AWS::NoValue
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
    Properties: {TopicName: alerts}
";

#[test]
fn cloudformation_adds_properties_keeping_short_tags() {
    let out = fix_one(
        "template.yaml",
        TEMPLATE,
        "Bucket",
        json!([
            {"op": "add", "path": "/VersioningConfiguration/Status", "value": "Enabled"},
            {"op": "add", "path": "/Tags/-", "value": {"Key": "owner", "Value": "platform"}},
            {"op": "add", "path": "/PublicAccessBlockConfiguration", "value": {"BlockPublicAcls": true, "BlockPublicPolicy": true}},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      Env:
        Type: String
        Default: dev
    Conditions:
      IsDev: !Equals [!Ref Env, dev]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Sub '${Env}-logs' # named per environment
          Tags:
            - Key: env
              Value: !Ref Env
            - Key: owner
              Value: platform
          NotificationConfiguration: !If
            - IsDev
            - TopicConfigurations: []
            - !Ref AWS::NoValue
          VersioningConfiguration:
            Status: Enabled
          PublicAccessBlockConfiguration:
            BlockPublicAcls: true
            BlockPublicPolicy: true
      Queue:
        Type: AWS::SQS::Queue
      Topic:
        Type: AWS::SNS::Topic
        Properties: {TopicName: alerts}
    ");
}

#[test]
fn cloudformation_creates_missing_properties() {
    let out = fix_one(
        "template.yaml",
        TEMPLATE,
        "Queue",
        json!([
            {"op": "add", "path": "/KmsMasterKeyId", "value": "alias/aws/sqs"},
            {"op": "add", "path": "/SqsManagedSseEnabled", "value": true},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      Env:
        Type: String
        Default: dev
    Conditions:
      IsDev: !Equals [!Ref Env, dev]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Sub '${Env}-logs' # named per environment
          Tags:
            - Key: env
              Value: !Ref Env
          NotificationConfiguration: !If
            - IsDev
            - TopicConfigurations: []
            - !Ref AWS::NoValue
      Queue:
        Type: AWS::SQS::Queue
        Properties:
          KmsMasterKeyId: alias/aws/sqs
          SqsManagedSseEnabled: true
      Topic:
        Type: AWS::SNS::Topic
        Properties: {TopicName: alerts}
    ");
    let out = fix_one(
        "template.yaml",
        TEMPLATE,
        "Topic",
        json!([{"op": "add", "path": "/KmsMasterKeyId", "value": "alias/aws/sns"}]),
    );
    insta::assert_snapshot!(out, @r"
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      Env:
        Type: String
        Default: dev
    Conditions:
      IsDev: !Equals [!Ref Env, dev]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Sub '${Env}-logs' # named per environment
          Tags:
            - Key: env
              Value: !Ref Env
          NotificationConfiguration: !If
            - IsDev
            - TopicConfigurations: []
            - !Ref AWS::NoValue
      Queue:
        Type: AWS::SQS::Queue
      Topic:
        Type: AWS::SNS::Topic
        Properties: {TopicName: alerts, KmsMasterKeyId: alias/aws/sns}
    ");
}

#[test]
fn cloudformation_intrinsics_are_replaced_whole_or_not_at_all() {
    let out = fix_one(
        "template.yaml",
        TEMPLATE,
        "Bucket",
        json!([
            {"op": "replace", "path": "/BucketName", "value": "dev-logs"},
            {"op": "replace", "path": "/Tags/0/Value", "value": "prod"},
            {"op": "replace", "path": "/NotificationConfiguration", "value": {"TopicConfigurations": [{"Topic": "arn"}]}},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      Env:
        Type: String
        Default: dev
    Conditions:
      IsDev: !Equals [!Ref Env, dev]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: dev-logs # named per environment
          Tags:
            - Key: env
              Value: prod
          NotificationConfiguration:
            TopicConfigurations:
              - Topic: arn
      Queue:
        Type: AWS::SQS::Queue
      Topic:
        Type: AWS::SNS::Topic
        Properties: {TopicName: alerts}
    ");
    let error = fix_error(
        "template.yaml",
        TEMPLATE,
        "Bucket",
        json!([{"op": "add", "path": "/NotificationConfiguration/TopicConfigurations/-", "value": {}}]),
    );
    insta::assert_snapshot!(error, @r"`/NotificationConfiguration` is computed by an intrinsic function (`!If`); it cannot be edited inside, only replaced whole");
}

#[test]
fn cloudformation_long_form_intrinsics() {
    let text = "\
Conditions:
  Prod: {\"Fn::Equals\": [a, a]}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName:
        Fn::Join: ['-', [a, b]]
      LoggingConfiguration:
        Fn::If: [Prod, {DestinationBucketName: logs}, {Ref: AWS::NoValue}]
";
    let out = fix_one(
        "template.yaml",
        text,
        "Bucket",
        json!([{"op": "replace", "path": "/BucketName", "value": "a-b-c"}]),
    );
    insta::assert_snapshot!(out, @r#"
    Conditions:
      Prod: {"Fn::Equals": [a, a]}
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: a-b-c
          LoggingConfiguration:
            Fn::If: [Prod, {DestinationBucketName: logs}, {Ref: AWS::NoValue}]
    "#);
    let error = fix_error(
        "template.yaml",
        text,
        "Bucket",
        json!([{"op": "add", "path": "/LoggingConfiguration/LogFilePrefix", "value": "x"}]),
    );
    insta::assert_snapshot!(error, @r"`/LoggingConfiguration` is computed by an intrinsic function (`Fn::If`); it cannot be edited inside, only replaced whole");
}

#[test]
fn cloudformation_removes_the_only_property() {
    let text = "\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
";
    let out = fix_one("template.yaml", text, "Bucket", json!([{"op": "remove", "path": "/AccessControl"}]));
    insta::assert_snapshot!(out, @r"
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Properties: {}
    ");
}

// --- Property test --------------------------------------------------------------------

use super::json::{concrete_op, fix_and_read, objects, op_seeds, Choices};
use proptest::prelude::*;
use serde_json::Value;

/// How a random manifest is written.
struct Emitter {
    step: usize,
    seq_indented: bool,
    choices: Choices,
}

impl Emitter {
    /// The lines of a block mapping's entries at column `col`.
    fn map(&mut self, map: &serde_json::Map<String, Value>, col: usize, out: &mut Vec<String>) {
        let pad = " ".repeat(col);
        for (k, v) in map {
            if self.choices.one_in(5) {
                out.push(format!("{pad}# about {}", k.replace('\n', " ")));
            }
            let key = if k.chars().all(|c| c.is_ascii_alphabetic()) {
                k.clone()
            } else {
                Value::from(k.as_str()).to_string()
            };
            match v {
                Value::Object(m) if !m.is_empty() && !self.choices.one_in(4) => {
                    out.push(format!("{pad}{key}:{}", self.comment()));
                    self.map(m, col + self.step, out);
                }
                Value::Array(items) if !items.is_empty() && !self.choices.one_in(4) => {
                    out.push(format!("{pad}{key}:{}", self.comment()));
                    let dash = if self.seq_indented { col + self.step } else { col };
                    self.seq(items, dash, out);
                }
                Value::Null if self.choices.one_in(2) => out.push(format!("{pad}{key}:{}", self.comment())),
                other => out.push(format!("{pad}{key}: {}{}", self.inline(other), self.comment())),
            }
        }
    }

    /// The lines of a block sequence's items with their `-` at column `col`.
    fn seq(&mut self, items: &[Value], col: usize, out: &mut Vec<String>) {
        let pad = " ".repeat(col);
        for item in items {
            if self.choices.one_in(6) {
                out.push(format!("{pad}# an item"));
            }
            let mut lines = Vec::new();
            match item {
                Value::Object(m) if !m.is_empty() && !self.choices.one_in(4) => {
                    self.map(m, col + 2, &mut lines)
                }
                Value::Array(a) if !a.is_empty() && !self.choices.one_in(4) => {
                    self.seq(a, col + 2, &mut lines)
                }
                Value::Null if self.choices.one_in(2) => {
                    out.push(format!("{pad}-"));
                    continue;
                }
                other => lines.push(format!("{pad}  {}{}", self.inline(other), self.comment())),
            }
            // The first line goes on the dash's line.
            if let Some(first) = lines.first_mut() {
                *first = format!("{pad}- {}", &first[col + 2..]);
            }
            out.extend(lines);
        }
    }

    /// A value on one line: a scalar in a random quoting, or a flow collection.
    fn inline(&mut self, value: &Value) -> String {
        match value {
            Value::Null => ["null", "~", "Null"]
                [usize::from(self.choices.one_in(2)) + usize::from(self.choices.one_in(3))]
            .to_string(),
            Value::String(s)
                if !s.is_empty()
                    && s.chars().all(|c| c.is_ascii_alphabetic())
                    && s != "null"
                    && s != "true"
                    && self.choices.one_in(2) =>
            {
                s.clone()
            }
            Value::String(s) if !s.contains('\n') && self.choices.one_in(2) => {
                format!("'{}'", s.replace('\'', "''"))
            }
            Value::Object(map) => {
                let entries: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), self.inline(v)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(|v| self.inline(v)).collect();
                format!("[{}]", items.join(", "))
            }
            other => other.to_string(),
        }
    }

    fn comment(&mut self) -> &'static str {
        if self.choices.one_in(6) {
            " # note"
        } else {
            ""
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn kubernetes_yaml_fixes_give_the_patched_values(
        spec in objects(),
        seeds in op_seeds(),
        style in any::<u64>(),
        step in 2usize..5,
        seq_indented in any::<bool>(),
        documents in 0u8..3,
        crlf in any::<bool>(),
    ) {
        let manifest = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "m"}, "spec": spec});
        let mut emitter = Emitter { step, seq_indented, choices: Choices(style | 1) };
        let mut lines = Vec::new();
        let Value::Object(map) = &manifest else { unreachable!() };
        emitter.map(map, 0, &mut lines);
        let ours = lines.join("\n");
        let other = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s # other\ndata: {a: b}";
        let mut text = match documents {
            0 => format!("{ours}\n"),
            1 => format!("{ours}\n---\n{other}\n"),
            _ => format!("---\n{other}\n---\n# ours\n{ours}\n...\n"),
        };
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut expected = manifest.clone();
        let ops: Vec<Value> = seeds.iter().map(|s| concrete_op(&mut expected["spec"], s, "/spec")).collect();
        let (fixed, values) = fix_and_read("m.yaml", &text, "ConfigMap/m", &ops);
        let values: std::collections::BTreeMap<_, _> = values.into_iter().collect();
        prop_assert_eq!(values.get("ConfigMap/m"), Some(&expected), "ops {:?}\n--- before\n{}\n--- after\n{}", ops, text, fixed);
        if documents > 0 {
            prop_assert!(fixed.contains(&other.replace('\n', if crlf { "\r\n" } else { "\n" })), "the other document changed:\n{}", fixed);
        }
        if crlf {
            prop_assert!(!fixed.replace("\r\n", "").contains('\n'), "a bare newline in\n{}", fixed);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn cloudformation_yaml_fixes_give_the_patched_values(
        properties in proptest::option::of(objects()),
        seeds in op_seeds(),
        style in any::<u64>(),
        step in 2usize..5,
        seq_indented in any::<bool>(),
    ) {
        let mut bucket = serde_json::json!({"Type": "AWS::S3::Bucket"});
        if let Some(p) = &properties {
            bucket["Properties"] = p.clone();
        }
        let template = serde_json::json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {"R": bucket, "Other": {"Type": "AWS::SQS::Queue", "Properties": {"a": [1, {"b": 2}]}}},
        });
        let mut emitter = Emitter { step, seq_indented, choices: Choices(style | 1) };
        let mut lines = Vec::new();
        let Value::Object(map) = &template else { unreachable!() };
        emitter.map(map, 0, &mut lines);
        let text = format!("{}\n", lines.join("\n"));
        let mut expected = properties.unwrap_or_else(|| serde_json::json!({}));
        let ops: Vec<Value> = seeds.iter().map(|s| concrete_op(&mut expected, s, "")).collect();
        let (fixed, values) = fix_and_read("template.yaml", &text, "R", &ops);
        let values: std::collections::BTreeMap<_, _> = values.into_iter().collect();
        prop_assert_eq!(values.get("R"), Some(&expected), "ops {:?}\n--- before\n{}\n--- after\n{}", ops, text, fixed);
        prop_assert_eq!(values.get("Other"), Some(&serde_json::json!({"a": [1, {"b": 2}]})));
    }
}

#[test]
fn pulumi_programs_are_fixed_under_properties() {
    let program = "name: site\nruntime: yaml\nresources:\n  siteBucket:\n    type: aws:s3:Bucket\n    properties:\n      acl: public-read # demo\n  bare:\n    type: aws:s3:Bucket\n";
    let out = fix_files(
        &[("Pulumi.yaml", program)],
        "siteBucket",
        serde_json::json!([
            {"op": "replace", "path": "/acl", "value": "private"},
            {"op": "add", "path": "/versioning/enabled", "value": true},
        ]),
    );
    insta::assert_snapshot!(out, @r"
    --- Pulumi.yaml
    name: site
    runtime: yaml
    resources:
      siteBucket:
        type: aws:s3:Bucket
        properties:
          acl: private # demo
          versioning:
            enabled: true
      bare:
        type: aws:s3:Bucket
    ");
    // No `properties:` yet: it is created.
    let out = fix_files(
        &[("Pulumi.yaml", program)],
        "bare",
        serde_json::json!([{"op": "add", "path": "/versioning", "value": {"enabled": true}}]),
    );
    insta::assert_snapshot!(out, @r"
    --- Pulumi.yaml
    name: site
    runtime: yaml
    resources:
      siteBucket:
        type: aws:s3:Bucket
        properties:
          acl: public-read # demo
      bare:
        type: aws:s3:Bucket
        properties:
          versioning:
            enabled: true
    ");
}

#[test]
fn pulumi_config_values_are_fixed_in_the_stack_that_sets_them() {
    let program = "name: site\nruntime: yaml\nconfig:\n  siteAcl:\n    type: string\n    default: private\nresources:\n  siteBucket:\n    type: aws:s3:Bucket\n    properties:\n      acl: ${siteAcl}\n";
    let dev = "config:\n  site:siteAcl: \"public-read\"\n";
    let out = fix_files(
        &[("Pulumi.yaml", program), ("Pulumi.dev.yaml", dev)],
        "siteBucket",
        serde_json::json!([{"op": "replace", "path": "/acl", "value": "private"}]),
    );
    insta::assert_snapshot!(out, @r#"
    --- Pulumi.dev.yaml
    config:
      site:siteAcl: "private"
    note: sets it where it is written, Pulumi.dev.yaml:2
    "#);
}
