<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>Choose at least one variable to train</source>
        <extracomment>optimizer → its parameters (name, default), in the constructor&apos;s order what a parameter may look like while it is typed: digits, a point, an exponent</extracomment>
        <translation>학습할 변수를 하나 이상 고르세요</translation>
    </message>
    <message>
        <source>Add Training</source>
        <translation>학습 추가</translation>
    </message>
    <message>
        <source>Minimize {loss}</source>
        <translation>{loss} 최소화</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>Variables to train</source>
        <translation>학습할 변수</translation>
    </message>
    <message>
        <source>Choose Columns</source>
        <translation>열 고르기</translation>
    </message>
    <message>
        <source>Header detected: columns by name</source>
        <translation>머리글이 있습니다: 열을 이름으로 고릅니다</translation>
    </message>
    <message>
        <source>No header: columns by number, from 0</source>
        <translation>머리글이 없습니다: 열을 0부터 번호로 고릅니다</translation>
    </message>
    <message>
        <source>Columns of {file} that feed &apos;{name}&apos;:</source>
        <translation>&apos;{name}&apos;에 넣을 {file}의 열:</translation>
    </message>
    <message>
        <source>Bind &apos;{name}&apos; to a Data File</source>
        <translation>&apos;{name}&apos;에 데이터 파일 연결</translation>
    </message>
    <message>
        <source>Choose an Array</source>
        <translation>배열 고르기</translation>
    </message>
    <message>
        <source>Array of {file} that feeds &apos;{name}&apos;:</source>
        <translation>&apos;{name}&apos;에 넣을 {file}의 배열:</translation>
    </message>
    <message>
        <source>data</source>
        <extracomment>inputs the fitted curve is computed at points drawn at most (a random, seeded sample of larger files)</extracomment>
        <translation>데이터</translation>
    </message>
    <message>
        <source>model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>검증 손실</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>validation metric</source>
        <translation>검증 지표</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>찾기(&amp;F)…</translation>
    </message>
    <message>
        <source>Find ops by name, type or scope</source>
        <translation>이름, 종류, 범위로 연산을 찾습니다</translation>
    </message>
    <message>
        <source>&amp;Group</source>
        <translation>그룹으로 묶기(&amp;G)</translation>
    </message>
    <message>
        <source>Move the selected nodes into a new name scope</source>
        <translation>선택한 노드를 새 이름 범위(name scope)로 옮깁니다</translation>
    </message>
    <message>
        <source>U&amp;ngroup</source>
        <translation>그룹 풀기(&amp;N)</translation>
    </message>
    <message>
        <source>Take the selected group&apos;s nodes out of its name scope</source>
        <translation>선택한 그룹의 노드를 이름 범위 밖으로 꺼냅니다</translation>
    </message>
    <message>
        <source>&amp;Collapse All Groups</source>
        <translation>모든 그룹 접기(&amp;C)</translation>
    </message>
    <message>
        <source>Show every top-level name scope as one node</source>
        <translation>최상위 이름 범위마다 노드 하나로 보여 줍니다</translation>
    </message>
    <message>
        <source>&amp;Expand All Groups</source>
        <translation>모든 그룹 펼치기(&amp;E)</translation>
    </message>
    <message>
        <source>Show every node of every name scope</source>
        <translation>모든 이름 범위의 노드를 모두 보여 줍니다</translation>
    </message>
    <message>
        <source>&amp;Minimap</source>
        <translation>미니맵(&amp;M)</translation>
    </message>
    <message>
        <source>Show the whole graph in a corner of the canvas</source>
        <translation>캔버스 구석에 그래프 전체를 작게 보여 줍니다</translation>
    </message>
    <message>
        <source>&amp;Snap to Grid</source>
        <translation>격자에 맞추기(&amp;S)</translation>
    </message>
    <message>
        <source>Dragged nodes land on the grid</source>
        <translation>끌어 놓은 노드를 격자에 맞춥니다</translation>
    </message>
    <message>
        <source>Predict</source>
        <extracomment>how a placeholder is fed: a file, or a value as typed</extracomment>
        <translation>예측</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>a value such as [[1.0, 2.0]], or a file</source>
        <translation>[[1.0, 2.0]] 같은 값 또는 파일</translation>
    </message>
    <message>
        <source>file: {f}</source>
        <translation>파일: {f}</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>파일…</translation>
    </message>
    <message>
        <source>Data for &apos;{n}&apos;</source>
        <translation>&apos;{n}&apos;에 넣을 데이터</translation>
    </message>
    <message>
        <source>Give placeholder &apos;{n}&apos; a value or a file</source>
        <translation>플레이스홀더 &apos;{n}&apos;에 값이나 파일을 주세요</translation>
    </message>
    <message>
        <source>Select the loss node first (a scalar), then Add Training…</source>
        <extracomment>how often the steps/s and time-left text changes (seconds) the Train dock&apos;s height when it appears: at least this many pixels, or this share of the window (its data table, settings and loss plot are unreadable in a 200-pixel strip) the op types whose values training changes and shows afterwards hooks tests replace: choosing a data file, and where to export placeholder → value, fed by the next run instead of the bindings (Predict) the variable values the open file stored (given to the session before training)</extracomment>
        <translation>먼저 손실 노드(스칼라)를 선택한 다음 학습 추가…를 누르세요</translation>
    </message>
    <message>
        <source>Add Training ({optimizer})</source>
        <translation>학습 추가 ({optimizer})</translation>
    </message>
    <message>
        <source>Cannot add training: {error}</source>
        <translation>학습을 추가할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Added {optimizer} training of {loss}: train op {op}</source>
        <translation>{loss}에 대한 {optimizer} 학습을 추가했습니다: 학습 연산 {op}</translation>
    </message>
    <message>
        <source>{rate} steps/s · {left} left</source>
        <translation>초당 {rate}단계 · {left} 남음</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Training of the previous document stopped</source>
        <translation>이전 문서의 학습을 멈췄습니다</translation>
    </message>
    <message>
        <source>Cannot draw the fit: {error}</source>
        <translation>적합 결과를 그릴 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Cannot read the trained values: {error}</source>
        <translation>학습된 값을 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Export Loss Plot</source>
        <translation>손실 그래프 내보내기</translation>
    </message>
    <message>
        <source>Could not export {path}: {e}</source>
        <translation>{path}을(를) 내보내지 못했습니다: {e}</translation>
    </message>
    <message>
        <source>Exported the plot to {file}</source>
        <translation>그래프를 {file}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <source>Export Training History</source>
        <translation>학습 기록 내보내기</translation>
    </message>
    <message>
        <source>Exported {n} steps to {file}</source>
        <translation>{n}단계의 기록을 {file}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <source>&amp;Start Training</source>
        <translation>학습 시작(&amp;S)</translation>
    </message>
    <message>
        <source>Train: run the train op over the bound data</source>
        <translation>학습: 연결한 데이터로 학습 연산을 실행합니다</translation>
    </message>
    <message>
        <source>&amp;Pause Training</source>
        <translation>학습 일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>Pause between two steps; press again to go on</source>
        <translation>두 단계 사이에서 잠시 멈춥니다. 다시 누르면 이어서 학습합니다</translation>
    </message>
    <message>
        <source>S&amp;top Training</source>
        <translation>학습 중지(&amp;T)</translation>
    </message>
    <message>
        <source>Stop after the step running now</source>
        <translation>지금 실행 중인 단계가 끝나면 멈춥니다</translation>
    </message>
    <message>
        <source>P&amp;redict…</source>
        <translation>예측(&amp;R)…</translation>
    </message>
    <message>
        <source>Run an output on data from a file or typed in</source>
        <translation>파일의 데이터나 입력한 값으로 출력을 실행합니다</translation>
    </message>
    <message>
        <source>Add &amp;Training…</source>
        <translation>학습 추가(&amp;T)…</translation>
    </message>
    <message>
        <source>Add an optimizer&apos;s minimize of the selected loss: gradients and train op</source>
        <translation>선택한 손실을 최소화하는 최적화 단계를 추가합니다: 기울기와 학습 연산</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>학습(&amp;T)</translation>
    </message>
    <message>
        <source>Show or hide the Train dock</source>
        <translation>학습 패널을 보이거나 숨깁니다</translation>
    </message>
    <message>
        <source>Choose the {what} first</source>
        <extracomment>how often the GUI picks up the records the training thread queued: 11 updates a second, above the 10 the plot must show, each costing the training thread the GIL for a few ms</extracomment>
        <translation>먼저 {what}을(를) 고르세요</translation>
    </message>
    <message>
        <source>The {what} &apos;{name}&apos; is not in the graph ({error})</source>
        <translation>{what} &apos;{name}&apos;이(가) 그래프에 없습니다 ({error})</translation>
    </message>
    <message>
        <source>train op</source>
        <translation>학습 연산</translation>
    </message>
    <message>
        <source>Bind placeholder &apos;{name}&apos; to a data file first: training needs it</source>
        <translation>먼저 플레이스홀더 &apos;{name}&apos;에 데이터 파일을 연결하세요: 학습에 필요합니다</translation>
    </message>
    <message>
        <source>Wait for the run to end before training</source>
        <extracomment>new records since the last drain (a list of StepRecord) the loop (None when it was never built), whether Stop ended it, error text or &quot;&quot;</extracomment>
        <translation>실행이 끝난 뒤에 학습하세요</translation>
    </message>
    <message>
        <source>training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Train {n} Steps</source>
        <translation>{n}단계 학습</translation>
    </message>
    <message>
        <source>Train</source>
        <extracomment>the user asked to bind a placeholder (name, whether for validation)</extracomment>
        <translation>학습</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Placeholder</source>
        <translation>플레이스홀더</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>형태</translation>
    </message>
    <message>
        <source>Training file</source>
        <translation>학습 파일</translation>
    </message>
    <message>
        <source>Validation file</source>
        <translation>검증 파일</translation>
    </message>
    <message>
        <source>Bind File…</source>
        <translation>파일 연결…</translation>
    </message>
    <message>
        <source>Validation File…</source>
        <translation>검증 파일…</translation>
    </message>
    <message>
        <source>Unbind</source>
        <translation>연결 해제</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Train op</source>
        <translation>학습 연산</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실 함수</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>all rows</source>
        <translation>모든 행</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Shuffle, seed</source>
        <translation>섞기, 시드</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>순서</translation>
    </message>
    <message>
        <source>by epochs</source>
        <translation>에포크 단위</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>or steps</source>
        <translation>또는 단계 수</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>길이</translation>
    </message>
    <message>
        <source>at the end</source>
        <translation>마지막에</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 단계</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>평가 주기</translation>
    </message>
    <message>
        <source>none (or a validation file)</source>
        <translation>없음 (또는 검증 파일)</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>검증용 비율</translation>
    </message>
    <message>
        <source>%v / %m steps</source>
        <translation>%v / %m 단계</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>적합 결과</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>로그 눈금</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG 내보내기…</translation>
    </message>
    <message>
        <source>Export History CSV…</source>
        <translation>기록 CSV 내보내기…</translation>
    </message>
    <message>
        <source>Unbind {name}</source>
        <translation>{name} 연결 해제</translation>
    </message>
    <message>
        <source>Bind {name} to {file}</source>
        <translation>{name}에 {file} 연결</translation>
    </message>
    <message>
        <source>Change Training Ops</source>
        <translation>학습 연산 바꾸기</translation>
    </message>
    <message>
        <source>Change Training Settings</source>
        <translation>학습 설정 바꾸기</translation>
    </message>
    <message>
        <source>Select a placeholder to bind first</source>
        <translation>먼저 연결할 플레이스홀더를 선택하세요</translation>
    </message>
    <message>
        <source> after {n} steps</source>
        <translation> ({n}단계 뒤)</translation>
    </message>
    <message>
        <source>Training failed{ran}: {error}</source>
        <translation>학습 실패{ran}: {error}</translation>
    </message>
    <message>
        <source>Training stopped before the first step</source>
        <translation>첫 단계 전에 학습을 멈췄습니다</translation>
    </message>
    <message>
        <source>loss {v}</source>
        <translation>손실 {v}</translation>
    </message>
    <message>
        <source>metric {v}</source>
        <translation>지표 {v}</translation>
    </message>
    <message>
        <source>validation loss {v}</source>
        <translation>검증 손실 {v}</translation>
    </message>
    <message>
        <source>validation metric {v}</source>
        <translation>검증 지표 {v}</translation>
    </message>
    <message>
        <source>Training stopped after {n} of {total} steps</source>
        <translation>{total}단계 중 {n}단계 뒤에 학습을 멈췄습니다</translation>
    </message>
    <message>
        <source>Trained {n} steps</source>
        <translation>{n}단계 학습했습니다</translation>
    </message>
    <message>
        <source>Variable &apos;{name}&apos; has no initializer (&apos;{init}&apos;) and no stored value</source>
        <translation>변수 &apos;{name}&apos;에는 초기화 방법(&apos;{init}&apos;)도 저장된 값도 없습니다</translation>
    </message>
    <message>
        <source>The stored variable values are not used: {error}</source>
        <translation>저장된 변수 값은 쓰지 않습니다: {error}</translation>
    </message>
    <message>
        <source>Auto Layout</source>
        <translation>자동 배치</translation>
    </message>
    <message>
        <source>Auto Layout was not applied: the graph changed while it was being laid out</source>
        <translation>자동 배치를 적용하지 않았습니다: 배치하는 동안 그래프가 바뀌었습니다</translation>
    </message>
    <message>
        <source>Select the nodes to group first</source>
        <translation>먼저 묶을 노드를 선택하세요</translation>
    </message>
    <message>
        <source>Grouped {count} nodes as {scope}</source>
        <translation>노드 {count}개를 {scope}(으)로 묶었습니다</translation>
    </message>
    <message>
        <source>Select a group (or nodes inside one) to ungroup</source>
        <translation>묶음을 풀 그룹(또는 그 안의 노드)을 선택하세요</translation>
    </message>
    <message>
        <source>Make room for {scope}</source>
        <translation>{scope} 자리 만들기</translation>
    </message>
    <message>
        <source>Run Up to Here</source>
        <translation>여기까지 실행</translation>
    </message>
    <message>
        <source>Show Value</source>
        <translation>값 보기</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>이름 바꾸기…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>그룹으로 묶기</translation>
    </message>
    <message>
        <source>Collapse {scope}</source>
        <translation>{scope} 접기</translation>
    </message>
    <message>
        <source>Ungroup {scope}</source>
        <translation>{scope} 그룹 풀기</translation>
    </message>
    <message>
        <source>Expand</source>
        <translation>펼치기</translation>
    </message>
    <message>
        <source>Collapse</source>
        <translation>접기</translation>
    </message>
    <message>
        <source>Ungroup</source>
        <translation>그룹 풀기</translation>
    </message>
    <message>
        <source>Insert Op…</source>
        <translation>연산 끼워 넣기…</translation>
    </message>
    <message>
        <source>Delete Link</source>
        <translation>연결선 삭제</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <source>New name for {name}:</source>
        <translation>{name}의 새 이름:</translation>
    </message>
    <message>
        <source>Cannot rename: {e}</source>
        <translation>이름을 바꿀 수 없습니다: {e}</translation>
    </message>
    <message>
        <source>Insert {op} on {src} → {dst}</source>
        <translation>{src} → {dst}에 {op} 끼워 넣기</translation>
    </message>
    <message>
        <source>Cannot insert {op}: {e}</source>
        <translation>{op}을(를) 끼워 넣을 수 없습니다: {e}</translation>
    </message>
    <message>
        <source>Group {count} nodes as {name}</source>
        <translation>노드 {count}개를 {name}(으)로 묶기</translation>
    </message>
    <message>
        <source>Ungroup {name}</source>
        <translation>{name} 그룹 풀기</translation>
    </message>
    <message>
        <source>1 op</source>
        <extracomment>the width of the chevron&apos;s click target at the start of a header</extracomment>
        <translation>연산 1개</translation>
    </message>
    <message>
        <source>{count} ops</source>
        <translation>연산 {count}개</translation>
    </message>
    <message>
        <source>Group {scope}: {count} — double-click to expand</source>
        <translation>그룹 {scope}: {count} — 더블클릭하면 펼칩니다</translation>
    </message>
    <message>
        <source>Group {scope}: {count} — double-click the header to collapse</source>
        <translation>그룹 {scope}: {count} — 머리글을 더블클릭하면 접힙니다</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… 외 {n}개</translation>
    </message>
    <message>
        <source>Zeros</source>
        <extracomment>a variable&apos;s value in the session now (None when it has none)</extracomment>
        <translation>모두 0</translation>
    </message>
    <message>
        <source>Ones</source>
        <translation>모두 1</translation>
    </message>
    <message>
        <source>Constant value</source>
        <translation>상수 값</translation>
    </message>
    <message>
        <source>Random normal</source>
        <translation>정규 분포 난수</translation>
    </message>
    <message>
        <source>Truncated normal</source>
        <translation>절단 정규 분포 난수</translation>
    </message>
    <message>
        <source>Random uniform</source>
        <translation>균등 분포 난수</translation>
    </message>
    <message>
        <source>Glorot uniform</source>
        <translation>Glorot 균등 분포</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>변수</translation>
    </message>
    <message>
        <source>Its value belongs to the session; the graph holds its initial value.</source>
        <translation>변수의 값은 세션에 속합니다. 그래프에는 초깃값만 들어 있습니다.</translation>
    </message>
    <message>
        <source>Initializer</source>
        <translation>초기화 방법</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>스케일</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Apply Initializer</source>
        <translation>초기화 방법 적용</translation>
    </message>
    <message>
        <source>Session value</source>
        <translation>세션의 값</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Its initial value is computed by {op}; edit that op instead.</source>
        <translation>초깃값은 {op}이(가) 계산합니다. 그 연산을 편집하세요.</translation>
    </message>
    <message>
        <source>Initial value set: {label}. Training starts from it once the variable is initialized again.</source>
        <translation>초깃값을 설정했습니다: {label}. 변수를 다시 초기화하면 학습이 이 값에서 시작합니다.</translation>
    </message>
    <message>
        <source>none yet (the session has not initialized it)</source>
        <translation>아직 없음 (세션이 아직 초기화하지 않았습니다)</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Undo {step}</source>
        <translation>{step} 실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {step}</source>
        <translation>{step} 다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>잘라내기(&amp;T)</translation>
    </message>
    <message>
        <source>Cut the selected nodes</source>
        <translation>선택한 노드를 잘라냅니다</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>복사(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected nodes</source>
        <translation>선택한 노드를 복사합니다</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>붙여넣기(&amp;P)</translation>
    </message>
    <message>
        <source>Paste nodes</source>
        <translation>노드를 붙여넣습니다</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>복제(&amp;U)</translation>
    </message>
    <message>
        <source>Duplicate the selected nodes</source>
        <translation>선택한 노드를 복제합니다</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selected nodes and links</source>
        <translation>선택한 노드와 연결선을 삭제합니다</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>모두 선택(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>전체 보기(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole graph</source>
        <translation>그래프 전체를 화면에 맞춰 보여 줍니다</translation>
    </message>
    <message>
        <source>Zoom to &amp;Selection</source>
        <translation>선택한 노드 확대(&amp;S)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Auto Layout</source>
        <translation>자동 배치(&amp;A)</translation>
    </message>
    <message>
        <source>Arrange all nodes left to right</source>
        <translation>모든 노드를 왼쪽에서 오른쪽으로 배치합니다</translation>
    </message>
    <message>
        <source>Show &amp;Tensor Names</source>
        <translation>텐서 이름 표시(&amp;T)</translation>
    </message>
    <message>
        <source>Show each link&apos;s tensor name (mul:0) next to its shape</source>
        <translation>연결선마다 형태 옆에 텐서 이름(mul:0)을 표시합니다</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>Something went wrong</source>
        <extracomment>Opened when the app starts without a FILE and has no last file to reopen.</extracomment>
        <translation>문제가 발생했습니다</translation>
    </message>
    <message>
        <source>Internal Error</source>
        <translation>내부 오류</translation>
    </message>
</context>
<context>
    <name>AttrEditors</name>
    <message>
        <source>{warning}. Press Enter again to use it, or change it.</source>
        <extracomment>the changes to apply (a dict for one ``set_attrs`` call) the text whose conversion warning was shown: Enter on it again applies it</extracomment>
        <translation>{warning}. 그래도 쓰려면 Enter를 한 번 더 누르고, 아니면 값을 고치세요.</translation>
    </message>
    <message>
        <source>{warning}: not applied.</source>
        <translation>{warning}: 적용하지 않았습니다.</translation>
    </message>
    <message>
        <source>None, 3   (unknown: unknown; rank 0: scalar)</source>
        <translation>None, 3   (랭크를 모르면 unknown, 랭크 0은 scalar)</translation>
    </message>
    <message>
        <source>none (optional)</source>
        <translation>없음 (선택 사항)</translation>
    </message>
    <message>
        <source>Too large to edit here (more than {count} elements).</source>
        <translation>여기서 편집하기에는 너무 큽니다(원소 {count}개 초과).</translation>
    </message>
    <message>
        <source>{attr}: needs a value, such as 0 or [1, 2]</source>
        <translation>{attr}: 값이 필요합니다. 예: 0 또는 [1, 2]</translation>
    </message>
</context>
<context>
    <name>AttrValues</name>
    <message>
        <source>Too long to type: a field takes at most {count} characters, and this text has more (it may have been cut when it was pasted). Nothing was applied.</source>
        <extracomment>Values with more elements than this are shown as a read-only preview, not edited as text. what a refused value or name raises: its message is shown under the field the longest text a value field takes (Qt&apos;s own limit, 32,767, would cut longer text without a word, and a cut value then fails to parse at column 32,768)</extracomment>
        <translation>입력이 너무 깁니다. 한 칸에는 최대 {count}자까지 들어가는데 이 텍스트는 더 깁니다(붙여넣을 때 잘렸을 수 있습니다). 아무것도 적용하지 않았습니다.</translation>
    </message>
    <message>
        <source>too long to type</source>
        <translation>입력하기에 너무 깁니다</translation>
    </message>
    <message>
        <source>not a value yet: {reason}</source>
        <translation>아직 값이 아닙니다: {reason}</translation>
    </message>
    <message>
        <source>not accepted: {reason}</source>
        <translation>받아들일 수 없습니다: {reason}</translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <source>The graph is running — press Stop to edit it</source>
        <translation>그래프를 실행하는 중입니다 — 편집하려면 중지를 누르세요</translation>
    </message>
    <message>
        <source>Delete</source>
        <extracomment>a new document replaced the graph (``set_graph``) any change to the op of this name: attrs, name (the new one), inputs, inference</extracomment>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Nudge</source>
        <translation>조금 이동</translation>
    </message>
    <message>
        <source>Nothing selected to copy</source>
        <translation>복사할 노드를 선택하지 않았습니다</translation>
    </message>
    <message>
        <source>Copied {count} node</source>
        <translation>노드 {count}개를 복사했습니다</translation>
    </message>
    <message>
        <source>Copied {count} nodes</source>
        <translation>노드 {count}개를 복사했습니다</translation>
    </message>
    <message>
        <source>Nothing selected to cut</source>
        <translation>잘라낼 노드를 선택하지 않았습니다</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>잘라내기</translation>
    </message>
    <message>
        <source>The clipboard holds no TensorCanvas nodes</source>
        <translation>클립보드에 TensorCanvas 노드가 없습니다</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Cannot paste: {reason}</source>
        <translation>붙여넣을 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Move link {src} → {dst}</source>
        <translation>연결선 옮기기 {src} → {dst}</translation>
    </message>
    <message>
        <source>Cannot connect: {reason}</source>
        <translation>연결할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Cannot disconnect: {reason}</source>
        <translation>연결을 끊을 수 없습니다: {reason}</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <source>Inputs</source>
        <extracomment>the dynamic property of a widget that sets all its texts (and its children&apos;s) again at a language change; the catalog look-up after a switch leaves such widgets alone the op registry&apos;s categories, marked for translation (a category not listed here is shown as the registry names it)</extracomment>
        <translation>입력</translation>
    </message>
    <message>
        <source>Arithmetic</source>
        <translation>산술</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Elementwise</source>
        <translation>원소별 연산</translation>
    </message>
    <message>
        <source>Linear algebra</source>
        <translation>선형대수</translation>
    </message>
    <message>
        <source>Array</source>
        <translation>배열</translation>
    </message>
    <message>
        <source>Logical</source>
        <translation>논리</translation>
    </message>
    <message>
        <source>Reduction</source>
        <translation>축약 연산</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실 함수</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>합성곱</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>난수</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>변수</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>제어</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Gradient</source>
        <translation>기울기</translation>
    </message>
    <message>
        <source>Math</source>
        <translation>수학</translation>
    </message>
    <message>
        <source>Opaque</source>
        <translation>불투명 노드</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Add {op}</source>
        <extracomment>a TF-style uniquifying suffix: ``Const_1`` is ``Const`` numbered a step&apos;s text, or what makes it in the interface&apos;s language (said again at a switch) makes the text again in the interface&apos;s language (``retranslate``)</extracomment>
        <translation>{op} 추가</translation>
    </message>
    <message>
        <source>Delete</source>
        <extracomment>the names of its control inputs (``^name``: ops that run before it) the op&apos;s own definition: an imported opaque node&apos;s is in no registry</extracomment>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Move {name}</source>
        <extracomment>links to cut whose consumer stays control edges to ops that stay: (op that stays, control, index among its controls)</extracomment>
        <translation>{name} 이동</translation>
    </message>
    <message>
        <source>Move {count} nodes</source>
        <translation>노드 {count}개 이동</translation>
    </message>
    <message>
        <source>Connect {src} → {dst}</source>
        <translation>연결 {src} → {dst}</translation>
    </message>
    <message>
        <source>Disconnect {input}</source>
        <translation>{input} 연결 끊기</translation>
    </message>
    <message>
        <source>Rename {old} to {new}</source>
        <translation>이름 바꾸기 {old} → {new}</translation>
    </message>
    <message>
        <source>Set {attrs} of {name}</source>
        <translation>{name}의 {attrs} 설정</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
</context>
<context>
    <name>DaskClusterDialog</name>
    <message>
        <source>Dask Cluster</source>
        <translation>Dask 클러스터</translation>
    </message>
    <message>
        <source>Local cluster on this machine (%1 cores)</source>
        <translation>이 컴퓨터의 로컬 클러스터 (코어 %1개)</translation>
    </message>
    <message>
        <source>Scheduler at:</source>
        <translation>스케줄러 주소:</translation>
    </message>
    <message>
        <source>The address a &apos;dask scheduler&apos; prints when it starts</source>
        <translation>&apos;dask scheduler&apos;가 시작할 때 출력하는 주소</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>연결되지 않음</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>워커</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>스레드</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Type the scheduler&apos;s address, such as tcp://host:8786</source>
        <translation>스케줄러 주소를 입력하세요. 예: tcp://host:8786</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결하는 중…</translation>
    </message>
    <message>
        <source>Dashboard: %1</source>
        <translation>대시보드: %1</translation>
    </message>
    <message>
        <source>This cluster has no dashboard</source>
        <translation>이 클러스터에는 대시보드가 없습니다</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>&amp;New</source>
        <extracomment>a file opened but not yet shown: recorded as the last file once it is</extracomment>
        <translation>새로 만들기(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new, empty graph</source>
        <translation>비어 있는 새 그래프를 시작합니다</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save the graph</source>
        <translation>그래프를 저장합니다</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>다른 이름으로 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the graph under a new name</source>
        <translation>그래프를 새 이름으로 저장합니다</translation>
    </message>
    <message>
        <source>&amp;Close Window</source>
        <translation>창 닫기(&amp;C)</translation>
    </message>
    <message>
        <source>Close this window</source>
        <translation>이 창을 닫습니다</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Clear Recent</source>
        <translation>최근 목록 지우기(&amp;C)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <extracomment>a recovery copy&apos;s id: the process id of its window and 12 random hex digits the temporary files a window writes its copy through: the engine&apos;s atomic save&apos;s name for ``&lt;id&gt;.json`` and ``&lt;id&gt;.info.json``, and ``&lt;id&gt;.info.tmp`` of earlier versions</extracomment>
        <translation>제목 없음</translation>
    </message>
    <message>
        <source>{untitled} (copy of the example {file})</source>
        <translation>{untitled} (예제 {file}의 사본)</translation>
    </message>
    <message>
        <source>{untitled} (imported from {file})</source>
        <translation>{untitled} ({file}에서 가져옴)</translation>
    </message>
    <message>
        <source>Did not reopen {file}: TensorCanvas stopped while opening it the last time</source>
        <translation>{file}을(를) 다시 열지 않았습니다: 지난번에 이 파일을 여는 도중 TensorCanvas가 멈췄습니다</translation>
    </message>
    <message>
        <source>New graph</source>
        <translation>새 그래프</translation>
    </message>
    <message>
        <source>Cannot open {file}</source>
        <translation>{file}을(를) 열 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot Open Graph</source>
        <translation>그래프를 열 수 없음</translation>
    </message>
    <message>
        <source>Cannot open {file}: file not found</source>
        <translation>{file}을(를) 열 수 없습니다: 파일이 없습니다</translation>
    </message>
    <message>
        <source>Opening {file} cancelled: the open graph is as it was</source>
        <translation>{file} 열기를 취소했습니다: 열려 있던 그래프는 그대로입니다</translation>
    </message>
    <message>
        <source>Opened the example {file} as an untitled copy</source>
        <translation>예제 {file}을(를) 제목 없는 사본으로 열었습니다</translation>
    </message>
    <message>
        <source>Opened {file}</source>
        <translation>{file}을(를) 열었습니다</translation>
    </message>
    <message>
        <source>Cannot save {file}</source>
        <translation>{file}을(를) 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot Save Graph</source>
        <translation>그래프를 저장할 수 없음</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>{file}을(를) 저장했습니다</translation>
    </message>
    <message>
        <source>No Recent Files</source>
        <translation>최근 파일 없음</translation>
    </message>
    <message>
        <source>Autosave failed: {reason}</source>
        <translation>자동 저장에 실패했습니다: {reason}</translation>
    </message>
    <message>
        <source>Cannot Restore Graph</source>
        <translation>그래프를 복구할 수 없음</translation>
    </message>
    <message>
        <source>Cannot restore {file}</source>
        <translation>{file}을(를) 복구할 수 없습니다</translation>
    </message>
    <message>
        <source>Restored unsaved changes to {file}</source>
        <translation>{file}의 저장하지 않은 변경 사항을 복구했습니다</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation> 외 {count}개</translation>
    </message>
    <message>
        <source> — stored position out of range, moved inside the canvas: {names} (View → Auto Layout rearranges)</source>
        <translation> — 저장된 위치가 범위를 벗어나 캔버스 안으로 옮겼습니다: {names} (보기 → 자동 배치로 다시 배치할 수 있습니다)</translation>
    </message>
</context>
<context>
    <name>ExportImage</name>
    <message>
        <source>Export Image</source>
        <extracomment>the options dialog, run modally; tests replace it with an answer the file name question; tests replace it says why a picture could not be written; tests replace it</extracomment>
        <translation>이미지 내보내기</translation>
    </message>
    <message>
        <source>&amp;Whole graph</source>
        <translation>그래프 전체(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Selected nodes</source>
        <translation>선택한 노드(&amp;S)</translation>
    </message>
    <message>
        <source>PNG image (pixels)</source>
        <translation>PNG 이미지 (픽셀)</translation>
    </message>
    <message>
        <source>SVG drawing (vector)</source>
        <translation>SVG 도면 (벡터)</translation>
    </message>
    <message>
        <source>Canvas colour</source>
        <translation>캔버스 색</translation>
    </message>
    <message>
        <source>Transparent</source>
        <translation>투명</translation>
    </message>
    <message>
        <source>Light &amp;theme for printing</source>
        <translation>인쇄용 밝은 테마(&amp;T)</translation>
    </message>
    <message>
        <source>Draw:</source>
        <translation>그릴 범위:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>형식:</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>배율:</translation>
    </message>
    <message>
        <source>Background:</source>
        <translation>배경:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>크기:</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>nothing to draw</source>
        <translation>그릴 것이 없습니다</translation>
    </message>
    <message>
        <source>{width} × {height} pixels</source>
        <translation>{width} × {height} 픽셀</translation>
    </message>
    <message>
        <source>{width} × {height} points (scales without loss)</source>
        <translation>{width} × {height} 포인트 (확대해도 깨지지 않음)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG 도면 (*.svg)</translation>
    </message>
    <message>
        <source>Export &amp;Image…</source>
        <translation>이미지 내보내기(&amp;I)…</translation>
    </message>
    <message>
        <source>Save a picture of the graph or the selection (PNG or SVG)</source>
        <translation>그래프 전체나 선택한 부분을 그림으로 저장합니다 (PNG 또는 SVG)</translation>
    </message>
    <message>
        <source>Wrote {file} ({width} × {height})</source>
        <translation>{file}을(를) 저장했습니다 ({width} × {height})</translation>
    </message>
</context>
<context>
    <name>Failures</name>
    <message>
        <source>({count} characters)</source>
        <extracomment>the most characters of a file problem&apos;s message (the engine&apos;s: file, field and reason)</extracomment>
        <translation>({count}자)</translation>
    </message>
    <message>
        <source>internal error ({cause})</source>
        <translation>내부 오류 ({cause})</translation>
    </message>
</context>
<context>
    <name>FeedDialog</name>
    <message>
        <source>Placeholder Values</source>
        <translation>플레이스홀더 값</translation>
    </message>
    <message>
        <source>This run needs values for these placeholders. Type them like a Const&apos;s value: &lt;code&gt;5&lt;/code&gt;, &lt;code&gt;[1, 2, 3]&lt;/code&gt;, &lt;code&gt;[[1, 2], [3, 4]]&lt;/code&gt;, or &lt;code&gt;@path.npy&lt;/code&gt; for a NumPy file (read as the run needs it: on a dask cluster, chunk by chunk).</source>
        <extracomment>the text of each field whose conversion warning was shown: Run again feeds it</extracomment>
        <translation>이번 실행에는 아래 플레이스홀더의 값이 필요합니다. 상수(Const)의 값처럼 &lt;code&gt;5&lt;/code&gt;, &lt;code&gt;[1, 2, 3]&lt;/code&gt;, &lt;code&gt;[[1, 2], [3, 4]]&lt;/code&gt;로 입력하거나, NumPy 파일이면 &lt;code&gt;@path.npy&lt;/code&gt;로 입력하세요(실행에 필요한 만큼 읽습니다. Dask 클러스터에서는 청크 단위로 읽습니다).</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>{change}. Press Run again to feed it all the same, or change it.</source>
        <translation>{change}. 그래도 이 값을 넣으려면 실행을 한 번 더 누르고, 아니면 값을 고치세요.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find by name, type or scope</source>
        <extracomment>matches listed at most (all are counted) the op jumped to</extracomment>
        <translation>이름, 종류, 범위로 찾기</translation>
    </message>
    <message>
        <source>no matches</source>
        <translation>찾은 것 없음</translation>
    </message>
    <message>
        <source>{n} found</source>
        <translation>{n}개 찾음</translation>
    </message>
    <message>
        <source>{i} of {n}</source>
        <translation>{n}개 중 {i}번째</translation>
    </message>
</context>
<context>
    <name>GroupLayer</name>
    <message>
        <source>{n} tensors</source>
        <extracomment>an end of a link on the canvas: (&quot;node&quot;, op name) or (&quot;group&quot;, scope) which scopes are collapsed changed (the document&apos;s editor section did) a scope was expanded by the user (double-click, chevron, Find): make room for it {op name: (old QPointF, new QPointF)}: a collapsed group was dragged whether inference events are heard: only merged links&apos; labels follow them, so a graph without collapsed groups pays nothing per inferred op</extracomment>
        <translation>텐서 {n}개</translation>
    </message>
</context>
<context>
    <name>ImageExport</name>
    <message>
        <source>No nodes are selected: select what to draw.</source>
        <extracomment>the PNG scales offered (1× is one pixel per scene unit, as at 100 % zoom) room around the drawn items, in scene units refused above this many pixels a side: a 16k picture is already 1 GiB of memory the light colours of the print theme (style names → colours)</extracomment>
        <translation>선택한 노드가 없습니다: 그릴 노드를 선택하세요.</translation>
    </message>
    <message>
        <source>The graph is empty: there is nothing to draw.</source>
        <translation>그래프가 비어 있어 그릴 것이 없습니다.</translation>
    </message>
    <message>
        <source>Scale {scale} is not one of {scales}.</source>
        <translation>배율 {scale}은(는) {scales} 중 하나가 아닙니다.</translation>
    </message>
    <message>
        <source>{width}×{height} pixels is larger than {limit} a side: choose a smaller scale or export the selection.</source>
        <translation>{width}×{height} 픽셀은 한 변의 한도 {limit}보다 큽니다: 배율을 낮추거나 선택한 부분만 내보내세요.</translation>
    </message>
    <message>
        <source>{path}: cannot write the {kind} file: {reason}</source>
        <translation>{path}: {kind} 파일을 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>{path}: unknown picture type {suffix}; use .png or .svg</source>
        <translation>{path}: 알 수 없는 그림 형식 {suffix}입니다. .png나 .svg를 쓰세요</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>The shape and dtype of the value</source>
        <translation>값의 형태와 자료형(dtype)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>연결되지 않음</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>No node selected.

Select a node to edit it. Add nodes from the palette, or press Tab on the canvas.</source>
        <extracomment>more sections for some ops (a Variable&apos;s initializer): each builder returns a widget for the op, or None; they go at the end of its form</extracomment>
        <translation>선택한 노드가 없습니다.

편집할 노드를 선택하세요. 노드는 팔레트에서 추가하거나, 캔버스에서 Tab 키를 눌러 추가할 수 있습니다.</translation>
    </message>
    <message>
        <source>{count} nodes selected</source>
        <translation>노드 {count}개 선택됨</translation>
    </message>
</context>
<context>
    <name>InteropActions</name>
    <message>
        <source>&amp;Import…</source>
        <extracomment>the extension a format&apos;s entry in the dialog adds to a name typed without one</extracomment>
        <translation>가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>Open a TensorFlow GraphDef (.pbtxt, .pb) as a new untitled graph</source>
        <translation>TensorFlow GraphDef(.pbtxt, .pb)를 제목 없는 새 그래프로 엽니다</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Write the graph as a TensorFlow GraphDef, an ONNX model (of the selected nodes, if any) or a Python script</source>
        <translation>그래프를 TensorFlow GraphDef, ONNX 모델(선택한 노드가 있으면 그 노드들의 모델) 또는 파이썬 스크립트로 씁니다</translation>
    </message>
    <message>
        <source>Import Graph</source>
        <translation>그래프 가져오기</translation>
    </message>
    <message>
        <source>TensorFlow GraphDefs</source>
        <translation>TensorFlow GraphDef 파일</translation>
    </message>
    <message>
        <source>Export Graph</source>
        <translation>그래프 내보내기</translation>
    </message>
    <message>
        <source>All supported formats</source>
        <translation>지원하는 모든 형식</translation>
    </message>
    <message>
        <source>Importing {0} cancelled: the open graph is as it was</source>
        <translation>{0} 가져오기를 취소했습니다: 열려 있던 그래프는 그대로입니다</translation>
    </message>
    <message>
        <source>Cannot import {0}</source>
        <translation>{0}을(를) 가져올 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot Import Graph</source>
        <translation>그래프를 가져올 수 없음</translation>
    </message>
    <message>
        <source>Imported {0} as an untitled graph ({1} ops)</source>
        <translation>{0}을(를) 제목 없는 그래프로 가져왔습니다 (연산 {1}개)</translation>
    </message>
    <message>
        <source>; {0} opaque node(s) of op types TensorCanvas has not: {1}</source>
        <translation>; TensorCanvas에 없는 연산 종류의 불투명 노드 {0}개: {1}</translation>
    </message>
    <message>
        <source>; {0} warning(s): {1}</source>
        <translation>; 경고 {0}개: {1}</translation>
    </message>
    <message>
        <source>Cannot export {0}</source>
        <translation>{0}을(를) 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot Export Graph</source>
        <translation>그래프를 내보낼 수 없음</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>{0}을(를) 내보냈습니다</translation>
    </message>
    <message>
        <source>Exported {0}, computing {1}</source>
        <translation>{0}을(를) 내보냈습니다({1}을(를) 계산하는 모델)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Not connected</source>
        <extracomment>the framing of an error by its kind (source texts of the &quot;Labels&quot; context); the message after it is the engine&apos;s, in TF&apos;s words</extracomment>
        <translation>연결되지 않음</translation>
    </message>
    <message>
        <source>Invalid input</source>
        <translation>잘못된 입력</translation>
    </message>
    <message>
        <source>Shape error</source>
        <translation>형태 오류</translation>
    </message>
    <message>
        <source>Type error</source>
        <translation>자료형 오류</translation>
    </message>
    <message>
        <source>Attribute error</source>
        <translation>속성 오류</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>Opaque node: {reason}</source>
        <translation>불투명 노드: {reason}</translation>
    </message>
    <message>
        <source>A name starts with a letter, a digit or &apos;.&apos;, and may go on with letters, digits and the characters . _ - / \ &gt;</source>
        <extracomment>TF&apos;s node definition in an inference message: `` for &apos;{{node add}} = AddV2[T=DT_INT32] (Const, Const_1)&apos; with input shapes: [2], [3].`` the frame TF&apos;s executor adds to a run-time error: ``[[{{node floordiv}}]]`` TF&apos;s rule for op names (the engine checks it; its message quotes TF&apos;s regex), in words</extracomment>
        <translation>이름은 영문자, 숫자 또는 &apos;.&apos;로 시작하고, 그 뒤에는 영문자, 숫자와 . _ - / \ &gt; 문자만 올 수 있습니다</translation>
    </message>
    <message>
        <source>a space</source>
        <translation>공백</translation>
    </message>
    <message>
        <source>a tab</source>
        <translation>탭 문자</translation>
    </message>
    <message>
        <source>A name cannot be empty. {rule}.</source>
        <translation>이름은 비워 둘 수 없습니다. {rule}.</translation>
    </message>
    <message>
        <source>it cannot start with {character}</source>
        <translation>{character}(으)로 시작할 수 없습니다</translation>
    </message>
    <message>
        <source>{character} (character {position}) is not allowed</source>
        <translation>{character}({position}번째 글자)은(는) 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>it does not follow the naming rule</source>
        <translation>이름 규칙에 맞지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not a valid name: {problem}. {rule}.</source>
        <translation>&apos;{name}&apos;은(는) 올바른 이름이 아닙니다: {problem}. {rule}.</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
</context>
<context>
    <name>LayoutJob</name>
    <message>
        <source>Laying out {n} nodes…</source>
        <extracomment>graphs of at least this many ops are laid out on a thread, with a progress dialog the dialog appears only if the layout is still running after this long (ms)</extracomment>
        <translation>노드 {n}개를 배치하는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Auto Layout</source>
        <translation>자동 배치</translation>
    </message>
</context>
<context>
    <name>LoadProgress</name>
    <message>
        <source>Opening {file}…</source>
        <extracomment>the bar&apos;s steps</extracomment>
        <translation>{file} 여는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Opening Graph</source>
        <translation>그래프 여는 중</translation>
    </message>
</context>
<context>
    <name>Lossy</name>
    <message>
        <source>{typed} would become {stored} as {dtype}</source>
        <extracomment>how many changed elements a message names before it only counts the rest</extracomment>
        <translation>{typed}은(는) {dtype}(으)로 바꾸면 {stored}이(가) 됩니다</translation>
    </message>
    <message>
        <source> (and {count} more value)</source>
        <translation> (그 밖에 값 {count}개 더)</translation>
    </message>
    <message>
        <source> (and {count} more values)</source>
        <translation> (그 밖에 값 {count}개 더)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>development version</source>
        <translation>개발 버전</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <extracomment>sets the window&apos;s own texts again when the language changes (editor.i18n)</extracomment>
        <translation>열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a graph file</source>
        <translation>그래프 파일을 엽니다</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit TensorCanvas</source>
        <translation>TensorCanvas를 끝냅니다</translation>
    </message>
    <message>
        <source>&amp;About TensorCanvas</source>
        <translation>TensorCanvas 정보(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Main Tool Bar</source>
        <translation>기본 도구 모음</translation>
    </message>
    <message>
        <source>&lt;opened file&gt;</source>
        <translation>&lt;파일을 연 상태&gt;</translation>
    </message>
    <message>
        <source>Undo History</source>
        <translation>실행 취소 기록</translation>
    </message>
    <message>
        <source>No file open</source>
        <translation>열린 파일 없음</translation>
    </message>
    <message>
        <source>About TensorCanvas</source>
        <translation>TensorCanvas 정보</translation>
    </message>
    <message>
        <source>A visual editor for TensorFlow-1.x-style dataflow graphs.</source>
        <translation>TensorFlow 1.x 방식의 데이터 흐름 그래프를 눈으로 보며 만드는 편집기입니다.</translation>
    </message>
</context>
<context>
    <name>Minimap</name>
    <message>
        <source>Minimap: click or drag to move the canvas</source>
        <translation>미니맵: 클릭하거나 끌어서 캔버스를 옮깁니다</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>none</source>
        <extracomment>The drag-and-drop type of a palette entry; the payload is the op type in UTF-8. The model role that holds an entry&apos;s op type (category rows hold None). The text the filter searches: type, base node name, category and doc, lower case.</extracomment>
        <translation>없음</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inputs:&lt;/b&gt; {inputs}</source>
        <translation>&lt;b&gt;입력:&lt;/b&gt; {inputs}</translation>
    </message>
    <message>
        <source>, optional</source>
        <translation>, 선택 사항</translation>
    </message>
    <message>
        <source>&lt;b&gt;Attributes:&lt;/b&gt;</source>
        <translation>&lt;b&gt;속성:&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Search ops…</source>
        <translation>연산 검색…</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>Palette</source>
        <translation>팔레트</translation>
    </message>
    <message>
        <source>Show or hide the palette</source>
        <translation>팔레트를 보이거나 숨깁니다</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>속성</translation>
    </message>
    <message>
        <source>Show or hide the inspector</source>
        <translation>속성 패널을 보이거나 숨깁니다</translation>
    </message>
</context>
<context>
    <name>PortItem</name>
    <message>
        <source>not connected</source>
        <extracomment>the node item that owns (and draws) this port; compared by identity only the op of that node, whose input or output this port is the dot&apos;s centre, in the node&apos;s coordinates</extracomment>
        <translation>연결되지 않음</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>TensorCanvas graphs (*.json);;All files (*)</source>
        <translation>TensorCanvas 그래프 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Graphs (*.json *.pbtxt *.pb);;TensorCanvas graphs (*.json);;TensorFlow GraphDefs (*.pbtxt *.pb);;All files (*)</source>
        <translation>그래프 (*.json *.pbtxt *.pb);;TensorCanvas 그래프 (*.json);;TensorFlow GraphDef (*.pbtxt *.pb);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>Do you want to save the changes to “{name}”?</source>
        <translation>“{name}”의 변경 사항을 저장할까요?</translation>
    </message>
    <message>
        <source>Your changes will be lost if you don&apos;t save them.</source>
        <translation>저장하지 않으면 변경 사항이 사라집니다.</translation>
    </message>
    <message>
        <source>Restore Unsaved Changes</source>
        <translation>저장하지 않은 변경 사항 복구</translation>
    </message>
    <message>
        <source>TensorCanvas did not close normally. Restore the unsaved changes to “{name}” (autosaved {when})?</source>
        <translation>TensorCanvas가 정상적으로 종료되지 않았습니다. “{name}”의 저장하지 않은 변경 사항(자동 저장 {when})을 복구할까요?</translation>
    </message>
    <message>
        <source>Open Again?</source>
        <translation>다시 열까요?</translation>
    </message>
    <message>
        <source>TensorCanvas stopped while opening “{name}” the last time; the file may be what made it stop. Open it again?</source>
        <translation>지난번에 “{name}”을(를) 여는 도중 TensorCanvas가 멈췄습니다. 이 파일 때문에 멈췄을 수도 있습니다. 다시 열까요?</translation>
    </message>
    <message>
        <source>Open Graph</source>
        <translation>그래프 열기</translation>
    </message>
    <message>
        <source>Save Graph As</source>
        <translation>다른 이름으로 그래프 저장</translation>
    </message>
</context>
<context>
    <name>ResultsDock</name>
    <message>
        <source>No result yet — press Run</source>
        <translation>아직 결과가 없습니다 — 실행을 누르세요</translation>
    </message>
    <message>
        <source>Results</source>
        <extracomment>the table&apos;s model class (tests substitute a counting subclass)</extracomment>
        <translation>결과</translation>
    </message>
    <message>
        <source>stale — the graph changed since this run</source>
        <translation>오래된 결과 — 이 실행 뒤에 그래프가 바뀌었습니다</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy the value to the clipboard (a large value: the shown table as tab-separated rows)</source>
        <translation>값을 클립보드에 복사합니다 (큰 값은 보이는 표를 탭으로 구분한 행으로)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Save the value as .npy (NumPy) or .csv (at most 2-D)</source>
        <translation>값을 .npy(NumPy)나 .csv(2차원까지)로 저장합니다</translation>
    </message>
    <message>
        <source>Export slice…</source>
        <translation>슬라이스 내보내기…</translation>
    </message>
    <message>
        <source>Save the 2-D slice shown in the table</source>
        <translation>표에 보이는 2차원 슬라이스를 저장합니다</translation>
    </message>
    <message>
        <source>Copy selected cells</source>
        <translation>선택한 셀 복사</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>슬라이스</translation>
    </message>
    <message>
        <source>axis {axis}</source>
        <translation>축 {axis}</translation>
    </message>
    <message>
        <source>Axis {axis} has {size} entries: 0 to {last}</source>
        <translation>축 {axis}의 길이는 {size}입니다: 0부터 {last}까지</translation>
    </message>
    <message>
        <source>Index along axis {axis} (0 to {last})</source>
        <translation>축 {axis}의 인덱스 (0부터 {last}까지)</translation>
    </message>
    <message>
        <source>showing [{where}]  ({spec})</source>
        <translation>[{where}] 표시 중  ({spec})</translation>
    </message>
    <message>
        <source>(table: {count} values per row)</source>
        <translation>(표: 한 행에 값 {count}개)</translation>
    </message>
    <message>
        <source>(table: first {rows} rows, {columns} columns — Export… for all)</source>
        <translation>(표: 처음 {rows}행, {columns}열 — 전체는 내보내기…로)</translation>
    </message>
    <message>
        <source>Too many cells to copy ({count}) — use Export…</source>
        <translation>복사하기에 셀이 너무 많습니다({count}개) — 내보내기…를 쓰세요</translation>
    </message>
    <message>
        <source>Copied {count} cells</source>
        <translation>셀 {count}개를 복사했습니다</translation>
    </message>
    <message>
        <source>CSV holds at most 2 dimensions, this value has {rank}: export it as .npy, or use “Export slice…” for the shown slice</source>
        <translation>CSV에는 2차원까지만 담을 수 있는데 이 값은 {rank}차원입니다: .npy로 내보내거나, 보이는 슬라이스만 “슬라이스 내보내기…”로 내보내세요</translation>
    </message>
    <message>
        <source>Could not export to {path}: {reason}</source>
        <translation>{path}(으)로 내보내지 못했습니다: {reason}</translation>
    </message>
    <message>
        <source>Exported {spec} to {file}</source>
        <translation>{spec} 값을 {file}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <source>{done} — {count} string loses trailing NUL bytes</source>
        <translation>{done} — 문자열 {count}개의 끝에 붙은 NUL 바이트가 사라집니다</translation>
    </message>
    <message>
        <source>{done} — {count} strings lose trailing NUL bytes</source>
        <translation>{done} — 문자열 {count}개의 끝에 붙은 NUL 바이트가 사라집니다</translation>
    </message>
    <message>
        <source>{count} ending in NUL bytes: .npy strings cannot keep them, so np.load gives them back without</source>
        <translation>NUL 바이트로 끝나는 문자열 {count}개: .npy 문자열은 이 바이트를 담을 수 없어 np.load로 읽으면 빠진 채로 돌아옵니다</translation>
    </message>
    <message>
        <source>Export result</source>
        <translation>결과 내보내기</translation>
    </message>
    <message>
        <source>NumPy array (*.npy);;CSV, comma-separated (*.csv)</source>
        <translation>NumPy 배열 (*.npy);;CSV, 쉼표로 구분 (*.csv)</translation>
    </message>
</context>
<context>
    <name>Run</name>
    <message>
        <source>Auto</source>
        <extracomment>the last dask scheduler address typed in the Dask cluster dialog (&quot;&quot; for a local one)</extracomment>
        <translation>자동</translation>
    </message>
    <message>
        <source>The GPU when usable, else the CPU (now: {device})</source>
        <extracomment>what the dask entry&apos;s tooltip says once connected (the cluster&apos;s description)</extracomment>
        <translation>쓸 수 있으면 GPU, 아니면 CPU (현재: {device})</translation>
    </message>
    <message>
        <source>GPU not usable: {reason}</source>
        <translation>GPU를 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Dask cluster…</source>
        <translation>Dask 클러스터…</translation>
    </message>
    <message>
        <source>Run on a dask cluster: a local one, or a scheduler&apos;s address ({device})</source>
        <translation>Dask 클러스터에서 실행합니다: 로컬 클러스터 또는 스케줄러 주소 ({device})</translation>
    </message>
    <message>
        <source>Dask not usable: {reason}</source>
        <translation>Dask를 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>Run on: {device}</source>
        <translation>실행 장치: {device}</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>Run the graph: compute every output (the nodes nothing consumes)</source>
        <translation>그래프를 실행합니다: 모든 출력(다른 노드가 쓰지 않는 노드)을 계산합니다</translation>
    </message>
    <message>
        <source>Run &amp;Selected</source>
        <translation>선택한 노드 실행(&amp;S)</translation>
    </message>
    <message>
        <source>Compute only the selected nodes and what they need</source>
        <translation>선택한 노드와 그 노드에 필요한 것만 계산합니다</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>중지(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the run after the op running now</source>
        <translation>지금 실행 중인 연산이 끝나면 실행을 멈춥니다</translation>
    </message>
    <message>
        <source>Nothing to run: the graph is empty</source>
        <extracomment>the value cache&apos;s budget per session (least recently used values go first) how often the GUI picks up the op states a running worker has queued (op name, waiting/running/done/cached/failed, seconds) the names of the ops fetched the run&apos;s RunMetadata (message, the names of the ops that failed or refused) a result or its staleness changed (the results dock refreshes) fold and fuse (see the module docstring); takes effect with the next session the last value given for each placeholder, offered again next time &quot;finished&quot;, &quot;failed&quot;, &quot;invalid&quot; or &quot;cancelled&quot; (None before the first run) the ops the last successful run was asked for the ops the last successful run computed (or fed, or took from the cache), and the placeholders it was fed values typed by the user what holds the session when not empty (&quot;training&quot;): no run starts meanwhile</extracomment>
        <translation>실행할 것이 없습니다: 그래프가 비어 있습니다</translation>
    </message>
    <message>
        <source>Select the nodes to run first</source>
        <translation>먼저 실행할 노드를 선택하세요</translation>
    </message>
    <message>
        <source>Run cancelled: the placeholders need values</source>
        <translation>실행을 취소했습니다: 플레이스홀더에 값이 필요합니다</translation>
    </message>
    <message>
        <source>No value for placeholder &apos;{name}&apos;</source>
        <translation>플레이스홀더 &apos;{name}&apos;의 값이 없습니다</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>멈추는 중…</translation>
    </message>
    <message>
        <source>Run: fed with the value you gave</source>
        <translation>실행: 입력한 값을 피드했습니다</translation>
    </message>
    <message>
        <source>Run: folded into the plan</source>
        <translation>실행: 실행 계획을 세울 때 미리 계산했습니다(상수 접기)</translation>
    </message>
    <message>
        <source>invalid op</source>
        <translation>잘못된 연산</translation>
    </message>
    <message>
        <source>Cannot run: {error}</source>
        <translation>실행할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Run failed: {error}</source>
        <translation>실행 실패: {error}</translation>
    </message>
    <message>
        <source>Run failed at &apos;{name}&apos;: {error}</source>
        <translation>&apos;{name}&apos;에서 실행 실패: {error}</translation>
    </message>
    <message>
        <source>Run stopped; the results shown are from an earlier run</source>
        <translation>실행을 멈췄습니다. 보이는 결과는 이전 실행의 것입니다</translation>
    </message>
    <message>
        <source>Run stopped before any result</source>
        <translation>결과가 나오기 전에 실행을 멈췄습니다</translation>
    </message>
</context>
<context>
    <name>RunFormat</name>
    <message>
        <source>Ran {count} op on {device} in {time}</source>
        <extracomment>the most characters a tooltip shows of a value</extracomment>
        <translation>{device}에서 연산 {count}개를 {time}에 실행</translation>
    </message>
    <message>
        <source>Ran {count} ops on {device} in {time}</source>
        <translation>{device}에서 연산 {count}개를 {time}에 실행</translation>
    </message>
    <message>
        <source>peak {bytes}</source>
        <translation>최대 메모리 {bytes}</translation>
    </message>
    <message>
        <source>{count} cached</source>
        <translation>캐시 {count}개</translation>
    </message>
    <message>
        <source>fused in {op}</source>
        <translation>{op}에 융합</translation>
    </message>
    <message>
        <source>Run: fused into {op}&apos;s group on {device}</source>
        <translation>실행: {device}에서 {op}의 융합 그룹에 포함되어 실행</translation>
    </message>
    <message>
        <source>Run: cached (computed by an earlier run on {device})</source>
        <translation>실행: 캐시 사용 ({device}에서 이전 실행 때 계산)</translation>
    </message>
    <message>
        <source>Run: {time} on {device}, {bytes} output</source>
        <translation>실행: {device}에서 {time}, 출력 {bytes}</translation>
    </message>
    <message>
        <source>; its fused group ran as {kernel}</source>
        <translation>; 융합 그룹은 {kernel}(으)로 실행</translation>
    </message>
    <message>
        <source>one step</source>
        <translation>한 단계</translation>
    </message>
    <message>
        <source>Value ({spec}):</source>
        <translation>값 ({spec}):</translation>
    </message>
    <message>
        <source>on {device}</source>
        <translation>{device}에서</translation>
    </message>
    <message>
        <source>fused in {op} on {device}</source>
        <translation>{device}에서 {op}에 융합</translation>
    </message>
    <message>
        <source>cached on {device}</source>
        <translation>{device}에서 캐시됨</translation>
    </message>
    <message>
        <source>{time} on {device}</source>
        <translation>{device}에서 {time}</translation>
    </message>
</context>
<context>
    <name>RunRow</name>
    <message>
        <source>waiting</source>
        <extracomment>the states&apos; names as a node&apos;s row shows them</extracomment>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>fed</source>
        <translation>피드됨</translation>
    </message>
    <message>
        <source>folded</source>
        <translation>미리 계산됨</translation>
    </message>
    <message>
        <source>cached</source>
        <translation>캐시됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>stale</source>
        <extracomment>the room a run row keeps for its time text</extracomment>
        <translation>오래됨</translation>
    </message>
    <message>
        <source>failed: {reason}</source>
        <translation>실패: {reason}</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>실행 중…</translation>
    </message>
</context>
<context>
    <name>RunViews</name>
    <message>
        <source>Hide this notice</source>
        <translation>이 알림 숨기기</translation>
    </message>
    <message>
        <source>Show or hide the results of the last run</source>
        <translation>마지막 실행 결과를 보이거나 숨깁니다</translation>
    </message>
    <message>
        <source>‘{name}’ has no result yet — Run Selected computes it</source>
        <translation>‘{name}’에는 아직 결과가 없습니다 — 선택한 노드 실행으로 계산하세요</translation>
    </message>
    <message>
        <source>{count} nodes selected — select one to see its result</source>
        <translation>노드 {count}개 선택됨 — 결과를 보려면 하나만 선택하세요</translation>
    </message>
    <message>
        <source>Running…</source>
        <extracomment>what the summary says: &quot;running&quot;, &quot;failed&quot;, &quot;stopped&quot;, a run&apos;s metadata, or None</extracomment>
        <translation>실행 중…</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>실행 실패</translation>
    </message>
    <message>
        <source>Run stopped</source>
        <translation>실행 중지됨</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <source>Add node: type a name…</source>
        <extracomment>the most result rows the popup shows without scrolling</extracomment>
        <translation>노드 추가: 이름을 입력하세요…</translation>
    </message>
    <message>
        <source>No op matches “{text}”.</source>
        <translation>“{text}”와(과) 맞는 연산이 없습니다.</translation>
    </message>
    <message>
        <source>No op matches.</source>
        <translation>맞는 연산이 없습니다.</translation>
    </message>
    <message>
        <source>Add Node</source>
        <translation>노드 추가</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>검색…</translation>
    </message>
    <message>
        <source>Add Node…</source>
        <translation>노드 추가…</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Undo</source>
        <extracomment>actions whose text changes with the state (&quot;Undo Set value of Const&quot;): a fixed label</extracomment>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Add a node: search at the cursor</source>
        <extracomment>what the canvas does with keys and the mouse that no action stands for: (what, how, where), source texts of the &quot;Shortcuts&quot; context</extracomment>
        <translation>노드 추가: 커서 위치에서 검색</translation>
    </message>
    <message>
        <source>Canvas</source>
        <translation>캔버스</translation>
    </message>
    <message>
        <source>Add a node: search where clicked</source>
        <translation>노드 추가: 클릭한 곳에서 검색</translation>
    </message>
    <message>
        <source>Double-click empty canvas</source>
        <translation>캔버스 빈 곳 더블클릭</translation>
    </message>
    <message>
        <source>Add a node from a menu</source>
        <translation>메뉴에서 노드 추가</translation>
    </message>
    <message>
        <source>Right-click empty canvas</source>
        <translation>캔버스 빈 곳 오른쪽 클릭</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>화면 이동</translation>
    </message>
    <message>
        <source>Space+drag, middle-drag</source>
        <translation>Space+드래그, 가운데 버튼 드래그</translation>
    </message>
    <message>
        <source>Zoom around the cursor</source>
        <translation>커서를 중심으로 확대·축소</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>휠</translation>
    </message>
    <message>
        <source>Nudge the selected nodes</source>
        <translation>선택한 노드를 조금씩 이동</translation>
    </message>
    <message>
        <source>Arrow keys (Shift: 5× as far)</source>
        <translation>화살표 키 (Shift: 5배 멀리)</translation>
    </message>
    <message>
        <source>Cancel the wire being dragged</source>
        <translation>끌고 있는 연결선 취소</translation>
    </message>
    <message>
        <source>Close the node search</source>
        <translation>노드 검색 닫기</translation>
    </message>
    <message>
        <source>Node search</source>
        <translation>노드 검색</translation>
    </message>
    <message>
        <source>Apply a typed value</source>
        <translation>입력한 값 적용</translation>
    </message>
    <message>
        <source>Enter (again to confirm a changed value)</source>
        <translation>Enter (바뀌는 값은 한 번 더 눌러 확인)</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>속성 패널</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Menu or place</source>
        <translation>메뉴 또는 위치</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <source>List every keyboard shortcut</source>
        <translation>모든 단축키를 보여 줍니다</translation>
    </message>
</context>
<context>
    <name>Tutorial</name>
    <message>
        <source>◀ Previous</source>
        <extracomment>the steps done at some point: their tick stays when the learner moves on</extracomment>
        <translation>◀ 이전</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>보여 주세요</translation>
    </message>
    <message>
        <source>Open this step&apos;s example as an untitled copy and do the step on it</source>
        <translation>이 단계의 예제를 제목 없는 사본으로 열고, 그 위에서 이 단계를 직접 해 보입니다</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>다음 ▶</translation>
    </message>
    <message>
        <source>&amp;Tutorial</source>
        <translation>튜토리얼(&amp;T)</translation>
    </message>
    <message>
        <source>Learn graphs and sessions step by step, on the canvas</source>
        <translation>캔버스에서 그래프와 세션을 한 단계씩 배웁니다</translation>
    </message>
    <message>
        <source>Tutorial</source>
        <translation>튜토리얼</translation>
    </message>
    <message>
        <source>Place three Const nodes: {count} so far.</source>
        <extracomment>the training step&apos;s example, written by the training feature; the step is offered when it exists the ops the last successful run was asked for (empty: none, or it failed) the ops that last run computed (or took from the cache) the placeholders the last successful run was fed by the learner how many training steps the Train dock has run on this graph after opening the example, what &quot;Show me&quot; does on the canvas (see the panel)</extracomment>
        <translation>상수(Const) 노드 세 개를 놓으세요. 지금까지 {count}개입니다.</translation>
    </message>
    <message>
        <source>Now add two of the Consts: an Add whose two inputs are Consts.</source>
        <translation>이제 상수 두 개를 더하세요: 두 입력이 모두 상수인 Add 노드를 만듭니다.</translation>
    </message>
    <message>
        <source>Last, multiply the sum by the third Const with a Mul.</source>
        <translation>마지막으로 Mul 노드로 그 합에 세 번째 상수를 곱하세요.</translation>
    </message>
    <message>
        <source>Done: the graph holds {ops}, and nothing has been computed yet.</source>
        <translation>완료: 그래프에 {ops} 연산이 들어 있고, 아직 아무것도 계산하지 않았습니다.</translation>
    </message>
    <message>
        <source>Build (a + b) * c first (step 1), or press Show me.</source>
        <translation>먼저 (a + b) * c를 만드세요(1단계). 아니면 &quot;보여 주세요&quot;를 누르세요.</translation>
    </message>
    <message>
        <source>Turn on View → Show Tensor Names.</source>
        <translation>보기 → 텐서 이름 표시를 켜세요.</translation>
    </message>
    <message>
        <source>Select the mul node and read its output in the Inspector.</source>
        <translation>mul 노드를 선택하고 속성 패널에서 출력을 읽어 보세요.</translation>
    </message>
    <message>
        <source>Done: {tensor} is a tensor of shape {shape} and dtype {dtype} — a name for a value that does not exist yet.</source>
        <translation>완료: {tensor}은(는) 형태가 {shape}, 자료형이 {dtype}인 텐서입니다 — 아직 존재하지 않는 값을 가리키는 이름이지요.</translation>
    </message>
    <message>
        <source>Select only the add node and press Run Selected (Ctrl+Shift+Enter).</source>
        <translation>add 노드만 선택하고 &quot;선택한 노드 실행&quot;(Ctrl+Shift+Enter)을 누르세요.</translation>
    </message>
    <message>
        <source>The mul ran too: select only the add node.</source>
        <translation>mul까지 실행되었습니다: add 노드만 선택하세요.</translation>
    </message>
    <message>
        <source>Done: the session computed {op} and what it needs, and left the mul alone.</source>
        <translation>완료: 세션이 {op}와(과) 그에 필요한 노드만 계산하고, mul은 건드리지 않았습니다.</translation>
    </message>
    <message>
        <source>Add a Placeholder (its dtype and shape, no value) and something that uses it.</source>
        <translation>플레이스홀더(자료형과 형태만 있고 값은 없음)와 그것을 쓰는 노드를 추가하세요.</translation>
    </message>
    <message>
        <source>Press Run and type the placeholders&apos; values when asked: that is the feed.</source>
        <translation>실행을 누르고, 값을 물어보면 플레이스홀더의 값을 입력하세요. 이것이 피드(feed)입니다.</translation>
    </message>
    <message>
        <source>Done: the run was fed {names}; the graph itself holds no value for them.</source>
        <translation>완료: 이번 실행에 {names}의 값을 피드했습니다. 그래프 자체에는 그 값이 들어 있지 않습니다.</translation>
    </message>
    <message>
        <source>Done: {tensor} has shape {shape} before any data: the unknown batch size stays unknown (?).</source>
        <translation>완료: 데이터가 하나도 없는데도 {tensor}의 형태는 {shape}입니다. 알 수 없는 배치 크기는 그대로 ?로 남습니다.</translation>
    </message>
    <message>
        <source>Make a Placeholder of shape None, 3 the first input of a MatMul whose second input has 3 rows.</source>
        <translation>형태가 None, 3인 플레이스홀더를 MatMul의 첫 번째 입력으로 연결하고, 두 번째 입력에는 행이 3개인 행렬을 넣으세요.</translation>
    </message>
    <message>
        <source>Open the linear-regression example (Show me).</source>
        <translation>선형 회귀 예제를 여세요(&quot;보여 주세요&quot;).</translation>
    </message>
    <message>
        <source>Train the model: Train → Start Training.</source>
        <translation>모델을 학습시키세요: 학습 → 학습 시작.</translation>
    </message>
    <message>
        <source>Now run the prediction: Train → Predict…</source>
        <translation>이제 예측을 실행하세요: 학습 → 예측…</translation>
    </message>
    <message>
        <source>Run the prediction: an output that reads the trained variables.</source>
        <translation>예측을 실행하세요: 학습된 변수를 읽는 출력을 실행하면 됩니다.</translation>
    </message>
    <message>
        <source>Done: the prediction used the variables that training changed.</source>
        <translation>완료: 예측에 학습으로 바뀐 변수 값이 쓰였습니다.</translation>
    </message>
    <message>
        <source>1. Build a graph first</source>
        <translation>1. 먼저 그래프를 만듭니다</translation>
    </message>
    <message>
        <source>&lt;p&gt;TensorFlow works in two phases: first you &lt;b&gt;build a graph&lt;/b&gt;, then you &lt;b&gt;run&lt;/b&gt; it. Building computes nothing: it only records operations and how data flows between them.&lt;/p&gt;&lt;p&gt;Build &lt;code&gt;(a + b) * c&lt;/code&gt;: place three &lt;b&gt;Const&lt;/b&gt; nodes (values 5, 6 and 7; press Tab on the canvas and type &lt;i&gt;Const&lt;/i&gt;), an &lt;b&gt;Add&lt;/b&gt; of the first two and a &lt;b&gt;Mul&lt;/b&gt; of the sum and the third.&lt;/p&gt;&lt;p&gt;The nodes are named as TensorFlow names them: &lt;code&gt;Const&lt;/code&gt;, &lt;code&gt;Const_1&lt;/code&gt;, &lt;code&gt;Const_2&lt;/code&gt;, &lt;code&gt;add&lt;/code&gt;, &lt;code&gt;mul&lt;/code&gt;. Each link is labelled with what is known before running: the shape and dtype of its tensor (&lt;code&gt;scalar int32&lt;/code&gt;).&lt;/p&gt;</source>
        <translation>&lt;p&gt;TensorFlow는 두 단계로 동작합니다. 먼저 &lt;b&gt;그래프를 만들고&lt;/b&gt;, 그다음 그래프를 &lt;b&gt;실행&lt;/b&gt;합니다. 그래프를 만드는 동안에는 아무것도 계산하지 않습니다. 어떤 연산이 있고 데이터가 어떻게 흘러가는지만 기록해 둘 뿐이지요.&lt;/p&gt;&lt;p&gt;&lt;code&gt;(a + b) * c&lt;/code&gt;를 만들어 봅시다. &lt;b&gt;Const&lt;/b&gt;(상수) 노드 세 개를 놓고(값은 5, 6, 7. 캔버스에서 Tab 키를 누르고 &lt;i&gt;Const&lt;/i&gt;를 입력하세요), 앞의 두 상수를 더하는 &lt;b&gt;Add&lt;/b&gt; 노드와, 그 합에 세 번째 상수를 곱하는 &lt;b&gt;Mul&lt;/b&gt; 노드를 만듭니다.&lt;/p&gt;&lt;p&gt;노드 이름은 TensorFlow가 붙이는 그대로입니다: &lt;code&gt;Const&lt;/code&gt;, &lt;code&gt;Const_1&lt;/code&gt;, &lt;code&gt;Const_2&lt;/code&gt;, &lt;code&gt;add&lt;/code&gt;, &lt;code&gt;mul&lt;/code&gt;. 연결선마다 실행하기 전에 이미 알 수 있는 정보, 즉 그 텐서의 형태와 자료형(&lt;code&gt;scalar int32&lt;/code&gt;)이 적혀 있습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>2. d is a tensor, not a number</source>
        <translation>2. d는 숫자가 아니라 텐서입니다</translation>
    </message>
    <message>
        <source>&lt;p&gt;In Python, &lt;code&gt;d = (a + b) * c&lt;/code&gt; does not give 77. It gives &lt;code&gt;&amp;lt;tf.Tensor &apos;mul:0&apos; shape=() dtype=int32&amp;gt;&lt;/code&gt;: a handle on the first output of the op &lt;code&gt;mul&lt;/code&gt;, whose shape &lt;code&gt;()&lt;/code&gt; (a scalar) and dtype &lt;code&gt;int32&lt;/code&gt; are known while its value is not.&lt;/p&gt;&lt;p&gt;Turn on &lt;b&gt;View → Show Tensor Names&lt;/b&gt; to see &lt;code&gt;mul:0&lt;/code&gt; on the links, and select the &lt;b&gt;mul&lt;/b&gt; node: the Inspector lists its output, &lt;code&gt;mul:0&lt;/code&gt;, with its shape and dtype.&lt;/p&gt;</source>
        <translation>&lt;p&gt;파이썬에서 &lt;code&gt;d = (a + b) * c&lt;/code&gt;를 실행해도 77이 나오지 않습니다. 대신 &lt;code&gt;&amp;lt;tf.Tensor &apos;mul:0&apos; shape=() dtype=int32&amp;gt;&lt;/code&gt;가 나옵니다. 연산 &lt;code&gt;mul&lt;/code&gt;의 첫 번째 출력을 가리키는 텐서로, 형태 &lt;code&gt;()&lt;/code&gt;(스칼라)와 자료형 &lt;code&gt;int32&lt;/code&gt;는 알지만 값은 아직 모릅니다.&lt;/p&gt;&lt;p&gt;&lt;b&gt;보기 → 텐서 이름 표시&lt;/b&gt;를 켜면 연결선에 &lt;code&gt;mul:0&lt;/code&gt; 같은 텐서 이름이 보입니다. &lt;b&gt;mul&lt;/b&gt; 노드를 선택하면 속성 패널에 그 출력 &lt;code&gt;mul:0&lt;/code&gt;이 형태, 자료형과 함께 나옵니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>3. A session runs the graph, or a part</source>
        <translation>3. 세션이 그래프 전체나 일부를 실행합니다</translation>
    </message>
    <message>
        <source>&lt;p&gt;Values exist only when a &lt;b&gt;session&lt;/b&gt; runs the graph: &lt;code&gt;sess.run(d)&lt;/code&gt; computes &lt;code&gt;mul&lt;/code&gt; and everything it needs, and gives 77.&lt;/p&gt;&lt;p&gt;A session computes only what the fetched tensors need. Select just the &lt;b&gt;add&lt;/b&gt; node and press &lt;b&gt;Run → Run Selected&lt;/b&gt; (Ctrl+Shift+Enter): &lt;code&gt;add&lt;/code&gt; shows 11, and &lt;code&gt;mul&lt;/code&gt; does not run at all.&lt;/p&gt;</source>
        <translation>&lt;p&gt;값은 &lt;b&gt;세션&lt;/b&gt;이 그래프를 실행할 때 비로소 생깁니다. &lt;code&gt;sess.run(d)&lt;/code&gt;는 &lt;code&gt;mul&lt;/code&gt;과 그 계산에 필요한 모든 노드를 계산해서 77을 돌려줍니다.&lt;/p&gt;&lt;p&gt;세션은 요청한(fetch) 텐서에 필요한 부분만 계산합니다. &lt;b&gt;add&lt;/b&gt; 노드만 선택하고 &lt;b&gt;실행 → 선택한 노드 실행&lt;/b&gt;(Ctrl+Shift+Enter)을 눌러 보세요. &lt;code&gt;add&lt;/code&gt;에는 11이 나오고, &lt;code&gt;mul&lt;/code&gt;은 아예 실행되지 않습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>4. Placeholders and feeds</source>
        <translation>4. 플레이스홀더와 피드</translation>
    </message>
    <message>
        <source>&lt;p&gt;A &lt;b&gt;Placeholder&lt;/b&gt; is a promise of a value given at run time: it has a dtype and a shape, but no value in the graph. The values come with each run, as &lt;code&gt;sess.run(adder, {a: 3, b: 4.5})&lt;/code&gt; gives them: that is a &lt;b&gt;feed&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Open the example (or build &lt;code&gt;a + b&lt;/code&gt; of two float32 placeholders), press &lt;b&gt;Run&lt;/b&gt; and type a value for each placeholder in the dialog. The placeholders&apos; nodes then say &lt;i&gt;fed&lt;/i&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;플레이스홀더&lt;/b&gt;는 &quot;값은 실행할 때 주겠다&quot;는 약속입니다. 자료형과 형태는 있지만 그래프 안에 값은 없습니다. 값은 &lt;code&gt;sess.run(adder, {a: 3, b: 4.5})&lt;/code&gt;처럼 실행할 때마다 함께 넘겨주는데, 이것을 &lt;b&gt;피드&lt;/b&gt;(feed)라고 합니다.&lt;/p&gt;&lt;p&gt;예제를 열고(또는 float32 플레이스홀더 두 개로 &lt;code&gt;a + b&lt;/code&gt;를 만들고) &lt;b&gt;실행&lt;/b&gt;을 누른 다음, 대화 상자에서 플레이스홀더마다 값을 입력하세요. 그러면 플레이스홀더 노드에 &lt;i&gt;피드됨&lt;/i&gt;이라고 표시됩니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>5. Shapes before data</source>
        <translation>5. 데이터보다 형태가 먼저</translation>
    </message>
    <message>
        <source>&lt;p&gt;A graph knows its tensors&apos; shapes before any data exists, even partly: a placeholder of shape &lt;code&gt;[None, 3]&lt;/code&gt; takes any number of rows of 3 values (a batch of any size).&lt;/p&gt;&lt;p&gt;Feed such a placeholder to a &lt;b&gt;MatMul&lt;/b&gt; with a 3×1 weight matrix: the link out of it reads &lt;code&gt;?×1 float32&lt;/code&gt;. TensorFlow inferred the shape of the product from the shapes alone, and a mismatch (a weight matrix with 4 rows) is an error at once, before anything runs.&lt;/p&gt;</source>
        <translation>&lt;p&gt;그래프는 데이터가 하나도 없을 때부터, 일부만이라도 텐서의 형태를 알고 있습니다. 형태가 &lt;code&gt;[None, 3]&lt;/code&gt;인 플레이스홀더는 값 3개짜리 행을 몇 개든 받습니다. 즉 배치 크기가 얼마든 상관없습니다.&lt;/p&gt;&lt;p&gt;이런 플레이스홀더를 3×1 가중치 행렬과 함께 &lt;b&gt;MatMul&lt;/b&gt;에 넣어 보세요. 나가는 연결선에 &lt;code&gt;?×1 float32&lt;/code&gt;라고 표시됩니다. TensorFlow가 형태만 보고 곱의 형태를 추론한 것입니다. 형태가 맞지 않으면(예를 들어 가중치 행렬의 행이 4개라면) 아무것도 실행하기 전에 곧바로 오류가 납니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>6. Model, training, prediction</source>
        <translation>6. 모델, 학습, 예측</translation>
    </message>
    <message>
        <source>&lt;p&gt;A model is a graph too: &lt;code&gt;y = W·x + b&lt;/code&gt; with &lt;b&gt;variables&lt;/b&gt; &lt;code&gt;W&lt;/code&gt; and &lt;code&gt;b&lt;/code&gt;, whose values live in the session and change as it runs. Training adds a loss and an optimizer step that nudges the variables each time it runs.&lt;/p&gt;&lt;p&gt;Open the linear-regression example, train it, then run the prediction with the trained variables.&lt;/p&gt;</source>
        <translation>&lt;p&gt;모델도 그래프입니다. &lt;code&gt;y = W·x + b&lt;/code&gt;에서 &lt;code&gt;W&lt;/code&gt;와 &lt;code&gt;b&lt;/code&gt;는 &lt;b&gt;변수&lt;/b&gt;로, 값이 세션 안에 살아 있고 실행할 때마다 바뀝니다. 학습은 여기에 손실 함수와 최적화 단계를 더하는데, 최적화 단계를 실행할 때마다 변수가 조금씩 바뀝니다.&lt;/p&gt;&lt;p&gt;선형 회귀 예제를 열어 학습시킨 다음, 학습된 변수로 예측을 실행해 보세요.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ValueModel</name>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
</context>
<context>
    <name>ValuePane</name>
    <message>
        <source>Results table</source>
        <translation>결과 표</translation>
    </message>
</context>
<context>
    <name>ValuePlots</name>
    <message>
        <source>false = 0, true = 1</source>
        <extracomment>longer vectors are drawn as the min/max envelope of this many buckets vectors up to this length also get a marker on each value lines of up to this many points are drawn thicker (wide pens are slow to stroke) a heat map&apos;s image has at most this many pixels on a side plots are never squeezed below this height (the dock grows instead): a few rows of ticks and the axis labels must fit</extracomment>
        <translation>false = 0, true = 1</translation>
    </message>
    <message>
        <source>magnitude |z| of complex values</source>
        <translation>복소수 값의 크기 |z|</translation>
    </message>
    <message>
        <source>index</source>
        <extracomment>the fewest pixels between two tick labels of a heat map&apos;s axes (beyond the text itself) tick steps a heat map&apos;s axes choose from (times powers of ten): whole cells only</extracomment>
        <translation>인덱스</translation>
    </message>
    <message>
        <source>min/max of every {count} values</source>
        <translation>값 {count}개마다 최솟값/최댓값</translation>
    </message>
    <message>
        <source>column</source>
        <translation>열</translation>
    </message>
    <message>
        <source>row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>sampled every {rows}×{columns} elements</source>
        <translation>원소 {rows}×{columns}개마다 하나씩 표본 추출</translation>
    </message>
</context>
<context>
    <name>ValueStats</name>
    <message>
        <source>empty: no elements</source>
        <extracomment>values up to this many elements are copied whole, numpy-style, at full precision larger values copy the shown 2-D slice as tab-separated rows, up to this many cells statistics read a big array in chunks of this many elements (bounded temporaries)</extracomment>
        <translation>비어 있음: 원소 없음</translation>
    </message>
    <message>
        <source>{count} element</source>
        <translation>원소 {count}개</translation>
    </message>
    <message>
        <source>{count} elements</source>
        <translation>원소 {count}개</translation>
    </message>
    <message>
        <source>text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>min</source>
        <translation>최솟값</translation>
    </message>
    <message>
        <source>max</source>
        <translation>최댓값</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>Copied {count} values</source>
        <translation>값 {count}개를 복사했습니다</translation>
    </message>
    <message>
        <source>Too large to copy ({count} values) — use Export… to save it to a file</source>
        <translation>복사하기에 너무 큽니다(값 {count}개) — 내보내기…로 파일에 저장하세요</translation>
    </message>
    <message>
        <source>Copied the shown slice as tab-separated rows ({count} values)</source>
        <translation>보이는 슬라이스를 탭으로 구분한 행으로 복사했습니다(값 {count}개)</translation>
    </message>
    <message>
        <source>Copied the value as tab-separated rows ({count} values)</source>
        <translation>값을 탭으로 구분한 행으로 복사했습니다(값 {count}개)</translation>
    </message>
</context>
</TS>
